import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Contact } from '@crm/shared/missive/contacts';
import { callMissive } from '@/lib/api-client';
import { contactsQueryPrefix } from '@/lib/contacts-query-key';

/** Enough candidates for an exact match to be among them; the search itself is fuzzy. */
export const SEARCH_LIMIT = 200;

/** Every contact read lives under this key, so a write can refresh them all at once. */
export function getContactsQueryKey() {
  return contactsQueryPrefix();
}

/** Contacts of one book matching `search` (Missive scopes search to a single book). */
export async function searchContacts(
  book: string,
  search: string,
  signal?: AbortSignal,
): Promise<Contact[]> {
  const { contacts } = await callMissive('listContacts', {
    query: { contact_book: book, search, limit: String(SEARCH_LIMIT) },
    ...(signal ? { signal } : {}),
  });
  return contacts.filter((contact) => !contact.deleted);
}

export function getContactSearchQueryOptions(book: string, search: string) {
  return queryOptions({
    queryKey: [...getContactsQueryKey(), 'search', { book, search }],
    queryFn: ({ signal }) => searchContacts(book, search, signal),
  });
}

export function useContactSearch(book: string, search: string) {
  return useQuery({ ...getContactSearchQueryOptions(book, search), enabled: search !== '' });
}
