import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '../queries';

/**
 * The users of an organization (up to 200; all of the token owner's when
 * none is named): assignees of tasks, people a label is shared with, the
 * signed-in user's own record. Every view reads them through here, so one
 * organization's users are one cache entry.
 */
export function getUsersQueryOptions(organizationId: string | null) {
  return queryOptions({
    ...missiveQuery('listUsers', {
      query: organizationId ? { organization: organizationId, limit: '200' } : { limit: '200' },
    }),
    // People change rarely; a form need not ask again each time it opens.
    staleTime: 5 * 60_000,
  });
}

export function useUsers(organizationId: string | null) {
  return useQuery(getUsersQueryOptions(organizationId));
}
