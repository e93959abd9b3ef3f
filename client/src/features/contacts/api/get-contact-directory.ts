import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { Contact, DeletedContact } from '@crm/shared/missive/contacts';
import { callMissive } from '@/lib/api-client';
import { composedKey } from '@/lib/queries';
import type { ContactOrder, DirectoryCursor, DirectoryPage } from '../utils/directory';

/** Contacts read per book and page: a screenful or two, well under Missive's 200. */
export const DIRECTORY_PAGE_SIZE = 100;

export interface DirectoryQuery {
  /** The books to list, merged when several. */
  books: readonly string[];
  /** '' lists everyone. */
  search: string;
  order: ContactOrder;
}

function isLive(contact: Contact | DeletedContact): contact is Contact {
  return !contact.deleted;
}

async function readBook(
  book: string,
  offset: number,
  { search, order }: DirectoryQuery,
  signal: AbortSignal,
) {
  const { contacts } = await callMissive('listContacts', {
    query: {
      contact_book: book,
      order,
      limit: String(DIRECTORY_PAGE_SIZE),
      offset: String(offset),
      ...(search ? { search } : {}),
    },
    signal,
  });
  // A full page may have a successor; a short one is the book's last.
  return {
    book,
    offset,
    more: contacts.length === DIRECTORY_PAGE_SIZE,
    live: contacts.filter(isLive),
  };
}

/** The next page of every book not yet read to its end, all at once. */
async function readDirectoryPage(
  query: DirectoryQuery,
  cursor: DirectoryCursor,
  signal: AbortSignal,
): Promise<DirectoryPage> {
  const pages = await Promise.all(
    Object.entries(cursor).map(([book, offset]) => readBook(book, offset, query, signal)),
  );
  return {
    contacts: pages.flatMap((page) => page.live),
    next: Object.fromEntries(
      pages
        .filter((page) => page.more)
        .map((page) => [page.book, page.offset + DIRECTORY_PAGE_SIZE]),
    ),
  };
}

export function getContactDirectoryQueryOptions(query: DirectoryQuery) {
  const books = [...query.books].sort();
  const start: DirectoryCursor = Object.fromEntries(books.map((book) => [book, 0]));
  return infiniteQueryOptions({
    // Pages of several books merged: the view's own shape under the contacts'
    // list key, so it is refreshed with every other contact read.
    queryKey: composedKey(
      'listContacts',
      {
        query: {
          contact_book: books.join(','),
          order: query.order,
          ...(query.search ? { search: query.search } : {}),
        },
      },
      'directory',
    ),
    queryFn: ({ pageParam, signal }) => readDirectoryPage(query, pageParam, signal),
    initialPageParam: start,
    getNextPageParam: (last) => (Object.keys(last.next).length > 0 ? last.next : undefined),
  });
}

/**
 * The directory, page by page. While a new search or order loads, the
 * previous list stays (marked busy) instead of the page going blank.
 */
export function useContactDirectory(query: DirectoryQuery) {
  return useInfiniteQuery({
    ...getContactDirectoryQueryOptions(query),
    enabled: query.books.length > 0,
    placeholderData: keepPreviousData,
  });
}
