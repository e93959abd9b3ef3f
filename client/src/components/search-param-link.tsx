import type { MouseEvent } from 'react';
import { Link, type LinkProps } from 'react-router';
import {
  changeSearchParams,
  useSearchParamWriter,
  type SearchParamChanges,
} from '@/lib/search-params';

/** Where a search-param link leads: `changes` applied to the search it was rendered for. */
export interface SearchParamTarget {
  /** The search the link's address is built on (what the list was rendered for). */
  base: string;
  /** What following the link changes, e.g. `{ contact: id }`. */
  changes: SearchParamChanges;
}

export type SearchParamLinkProps = SearchParamTarget & Omit<LinkProps, 'to' | 'onClick'>;

/**
 * A link that changes some search params. Its address (for a new tab, a copy,
 * the status bar) is built on `base`; a plain click instead applies `changes`
 * to the URL as it is at the click, so a filter committed since the list
 * last rendered survives the selection.
 */
export function SearchParamLink({ base, changes, ...rest }: SearchParamLinkProps) {
  const change = useSearchParamWriter();
  const query = changeSearchParams(new URLSearchParams(base), changes).toString();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Modified clicks open a new tab or window: the browser's own business.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    event.preventDefault();
    change(changes);
  };
  return <Link to={{ search: query ? `?${query}` : '' }} onClick={onClick} {...rest} />;
}
