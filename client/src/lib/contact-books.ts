import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { callMissive } from './api-client';
import { missiveQueryKey } from './react-query';

/**
 * The contact books the token owner can see: a handful, so one page of 200
 * holds them. Shared: the contacts feature files contacts in them, and the
 * canned responses page picks a sample contact from one.
 */
export async function getContactBooks(signal?: AbortSignal): Promise<ContactBook[]> {
  const { contact_books } = await callMissive('listContactBooks', {
    query: { limit: '200' },
    ...(signal ? { signal } : {}),
  });
  return contact_books;
}

export function getContactBooksQueryOptions() {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'contact_books'],
    queryFn: ({ signal }) => getContactBooks(signal),
    // Books are created and shared rarely; every card of every conversation reads them.
    staleTime: 5 * 60_000,
  });
}

export function useContactBooks() {
  return useQuery(getContactBooksQueryOptions());
}
