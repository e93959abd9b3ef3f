import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@crm/shared/missive/people';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

/** The agent: the token owner, whom Missive marks `me` among the users. */
export async function getCurrentUser(signal?: AbortSignal): Promise<User | null> {
  const { users } = await callMissive('listUsers', {
    query: { limit: '200' },
    ...(signal ? { signal } : {}),
  });
  return users.find((user) => user.me) ?? null;
}

export function getCurrentUserQueryOptions() {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'users', 'me'],
    queryFn: ({ signal }) => getCurrentUser(signal),
    staleTime: 30 * 60_000,
  });
}

export function useCurrentUser() {
  return useQuery(getCurrentUserQueryOptions());
}
