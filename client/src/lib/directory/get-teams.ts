import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '../queries';

/** The teams of an organization (all of the token owner's when none is named), by name. */
export function getTeamsQueryOptions(organizationId: string | null) {
  return queryOptions({
    ...missiveQuery('listTeams', {
      query: organizationId ? { organization: organizationId, limit: '200' } : { limit: '200' },
    }),
    select: ({ teams }) => teams.toSorted((a, b) => a.name.localeCompare(b.name)),
    staleTime: 5 * 60_000,
  });
}

export function useTeams(organizationId: string | null) {
  return useQuery(getTeamsQueryOptions(organizationId));
}
