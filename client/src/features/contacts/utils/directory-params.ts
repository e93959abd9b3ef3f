import { changeSearchParams } from '@/lib/search-params';
import { isContactOrder, type ContactOrder } from './directory';

/**
 * The contacts page keeps everything that decides what it shows in the URL,
 * so a reload, a shared link and Back show the same thing.
 */

export interface DirectoryParams {
  /** null: every book. */
  book: string | null;
  search: string;
  order: ContactOrder;
  /** A contact group's id, and an organization's (both groups of the chosen book). */
  group: string | null;
  organization: string | null;
  /** The contact open beside the list. */
  contact: string | null;
  /** The new-contact form is open. */
  creating: boolean;
}

export const directoryParamNames = {
  book: 'book',
  search: 'q',
  order: 'order',
  group: 'group',
  organization: 'organization',
  contact: 'contact',
  creating: 'new',
} as const satisfies Record<keyof DirectoryParams, string>;

export type DirectoryParamName = (typeof directoryParamNames)[keyof DirectoryParams];

export function readDirectoryParams(search: URLSearchParams): DirectoryParams {
  const text = (name: DirectoryParamName) => search.get(name)?.trim() || null;
  const order = search.get(directoryParamNames.order);
  return {
    book: text('book'),
    search: text('q') ?? '',
    order: isContactOrder(order) ? order : 'last_name',
    group: text('group'),
    organization: text('organization'),
    contact: text('contact'),
    creating: search.get(directoryParamNames.creating) === '1',
  };
}

/** The list's own part of the URL: what a row's link keeps when it opens a contact. */
export function listSearch(search: URLSearchParams): string {
  return changeSearchParams(search, { contact: null, new: null }).toString();
}
