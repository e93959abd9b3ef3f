import type { ComponentPropsWithRef } from 'react';
import { cx } from './class-names';
import styles from './button.module.css';

/*
 * Why it exists: every feature had its own copy of the same secondary
 * button (drafts-, labels-, tasks-, posts-, contacts-, people-, analytics-,
 * operations-, integrations-, playground-…). One component holds the looks,
 * and it is `type="button"` unless told otherwise, so a button inside a form
 * never submits it by accident.
 */

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';
export type ButtonSize = 'sm' | 'md';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  /** primary: the one main action; secondary: any other; danger: destroys something; link: reads as a link. */
  variant?: ButtonVariant;
  size?: ButtonSize;
}

export function Button({
  variant = 'primary',
  size = 'md',
  type = 'button',
  className,
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      className={cx(styles.button, styles[variant], styles[size], className)}
      {...props}
    />
  );
}
