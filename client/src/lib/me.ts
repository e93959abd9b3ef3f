import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Person } from '@crm/shared/people';
import { useSessionStore } from '@/stores/session';
import { gatewayQuery } from './queries';

/** Who the session speaks for, as the gateway knows now (a role may have changed). */
export function getMeQueryOptions(token: string | undefined) {
  return queryOptions({
    // The cache is cleared when another person signs in (app/provider.tsx).
    ...gatewayQuery('getMe'),
    select: ({ person }): Person => person,
    enabled: token !== undefined,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

export function useMe() {
  const token = useSessionStore((state) => state.session?.token);
  return useQuery(getMeQueryOptions(token));
}

/** Whether the signed-in person is an admin (false while unknown). */
export function useIsAdmin(): boolean {
  const session = useSessionStore((state) => state.session);
  const me = useMe();
  return (me.data ?? session?.person)?.role === 'admin';
}
