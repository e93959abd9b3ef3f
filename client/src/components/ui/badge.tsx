import type { ComponentPropsWithRef } from 'react';
import { cx } from './class-names';
import styles from './badge.module.css';

/*
 * Why it exists: small pill-shaped labels (a label's name, a count, "demo"
 * or "live", "admin", "Not saved yet") were drawn by five stylesheets with
 * slightly different paddings. Badge is one pill in a few tones. It is a
 * span of text: what it says must make sense read aloud in its sentence.
 */

export type BadgeTone = 'neutral' | 'accent' | 'demo' | 'live' | 'danger';

export interface BadgeProps extends ComponentPropsWithRef<'span'> {
  /** neutral: outlined; accent: filled with the accent; demo, live, danger: status colours. */
  tone?: BadgeTone;
}

export function Badge({ tone = 'neutral', className, ...props }: BadgeProps) {
  return <span className={cx(styles.badge, styles[tone], className)} {...props} />;
}
