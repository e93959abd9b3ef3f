import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '../queries';

/**
 * The organizations the token owner belongs to, by name: the dashboard's
 * pages that work inside one (labels, tasks) offer them in a picker. One
 * page of 200 is far more organizations than one person belongs to.
 */
export function getOrganizationsQueryOptions() {
  return queryOptions({
    ...missiveQuery('listOrganizations', { query: { limit: '200' } }),
    select: ({ organizations }) => organizations.toSorted((a, b) => a.name.localeCompare(b.name)),
    staleTime: 10 * 60_000,
  });
}

export function useOrganizations() {
  return useQuery(getOrganizationsQueryOptions());
}
