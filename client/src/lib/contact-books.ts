import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from './queries';

/**
 * The contact books the token owner can see: a handful, so one page of 200
 * holds them. Shared: the contacts feature files contacts in them, and the
 * canned responses page picks a sample contact from one.
 */
export function getContactBooksQueryOptions() {
  return queryOptions({
    ...missiveQuery('listContactBooks', { query: { limit: '200' } }),
    select: ({ contact_books }) => contact_books,
    // Books are created and shared rarely; every card of every conversation reads them.
    staleTime: 5 * 60_000,
  });
}

export function useContactBooks() {
  return useQuery(getContactBooksQueryOptions());
}
