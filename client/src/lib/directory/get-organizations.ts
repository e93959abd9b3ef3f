import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Organization } from '@crm/shared/missive/people';
import { callMissive } from '../api-client';
import { missiveQueryKey } from '../react-query';

/**
 * The organizations the token owner belongs to, by name: the dashboard's
 * pages that work inside one (labels, tasks) offer them in a picker. One
 * page of 200 is far more organizations than one person belongs to.
 */
export async function getOrganizations(signal?: AbortSignal): Promise<Organization[]> {
  const { organizations } = await callMissive('listOrganizations', {
    query: { limit: '200' },
    ...(signal ? { signal } : {}),
  });
  return organizations.toSorted((a, b) => a.name.localeCompare(b.name));
}

export function getOrganizationsQueryOptions() {
  return queryOptions({
    // Its own key: the operations view caches Missive's raw answer under ['organizations'].
    queryKey: [...missiveQueryKey, 'organizations', { sorted: true }],
    queryFn: ({ signal }) => getOrganizations(signal),
    staleTime: 10 * 60_000,
  });
}

export function useOrganizations() {
  return useQuery(getOrganizationsQueryOptions());
}
