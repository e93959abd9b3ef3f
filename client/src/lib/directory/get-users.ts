import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../api-client';
import { missiveQueryKey } from '../react-query';

/** The users of an organization (up to 200): assignees of tasks, people a label is shared with. */
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
    // People change rarely; a form need not ask again each time it opens.
    staleTime: 5 * 60_000,
  });
}

export function useUsers(organizationId: string | null) {
  return useQuery(getUsersQueryOptions(organizationId));
}
