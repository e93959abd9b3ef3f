import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../../../lib/api-client';
import { missiveQueryKey } from '../../../lib/react-query';

/** The people a task can be assigned to: the organization's users (up to 200). */
export function getUsers(organizationId: string | null, signal?: AbortSignal) {
  const scope = organizationId ? { organization: organizationId } : {};
  return callMissive('listUsers', {
    query: { ...scope, limit: '200' },
    ...(signal ? { signal } : {}),
  });
}

export function getUsersQueryOptions(organizationId: string | null) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'users', { organization: organizationId }],
    queryFn: ({ signal }) => getUsers(organizationId, signal),
    // People change rarely; a task form need not ask again on every conversation.
    staleTime: 5 * 60_000,
  });
}

export function useUsers(organizationId: string | null) {
  return useQuery(getUsersQueryOptions(organizationId));
}
