import type { ComponentPropsWithRef } from 'react';
import { cx } from './class-names';
import styles from './card.module.css';

/*
 * Why it exists: "a box on the surface colour with a border and rounded
 * corners" was restated by a dozen stylesheets (panel, keys-section,
 * people-section, tasks-page-panel, operations-panel…). Card is that box;
 * the element stays the caller's choice, since a card is often a section
 * with a heading or an item of a list.
 */

type CardElement = 'div' | 'section' | 'article' | 'aside' | 'li';

export type CardProps<E extends CardElement = 'div'> = ComponentPropsWithRef<E> & {
  /** The element to render; a `div` unless said. */
  as?: E;
  /** sm for the sidebar's tight cards, md for the dashboard's panels. */
  padding?: 'sm' | 'md';
};

export function Card<E extends CardElement = 'div'>({
  as,
  padding = 'md',
  className,
  ...props
}: CardProps<E>) {
  const Element: CardElement = as ?? 'div';
  const classes = cx(styles.card, styles[padding], className);
  // @ts-expect-error: the props are those of `as`, which TypeScript cannot follow through the union.
  return <Element className={classes} {...props} />;
}
