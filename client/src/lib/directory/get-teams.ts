import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../api-client';
import { missiveQueryKey } from '../react-query';

/** The teams of an organization (all of the token owner's when none is named), by name. */
export async function getTeams(organizationId: string | null, signal?: AbortSignal) {
  const { teams } = await callMissive('listTeams', {
    query: organizationId ? { organization: organizationId, limit: '200' } : { limit: '200' },
    ...(signal ? { signal } : {}),
  });
  return [...teams].sort((a, b) => a.name.localeCompare(b.name));
}

export function getTeamsQueryOptions(organizationId: string | null) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'teams', { organization: organizationId }],
    queryFn: ({ signal }) => getTeams(organizationId, signal),
    staleTime: 5 * 60_000,
  });
}

export function useTeams(organizationId: string | null) {
  return useQuery(getTeamsQueryOptions(organizationId));
}
