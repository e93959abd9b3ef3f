import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@crm/shared/missive/people';
import { callMissive } from '../../../lib/api-client';
import { missiveQueryKey } from '../../../lib/react-query';

/** The most Missive hands out per page of users. */
const USERS_PAGE_SIZE = 200;

/**
 * Every user of the token owner's organisations: the agents, whose addresses
 * are never "external participants". Pages by offset until a short page, as
 * an organisation may have more users than one page holds.
 */
export async function getOrganisationUsers(signal?: AbortSignal): Promise<User[]> {
  const users: User[] = [];
  for (let offset = 0; ; offset += USERS_PAGE_SIZE) {
    const page = await callMissive('listUsers', {
      query: { limit: String(USERS_PAGE_SIZE), offset: String(offset) },
      ...(signal ? { signal } : {}),
    });
    users.push(...page.users);
    if (page.users.length < USERS_PAGE_SIZE) return users;
  }
}

export function getOrganisationUsersQueryOptions() {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'users', { pages: 'all' }],
    queryFn: ({ signal }) => getOrganisationUsers(signal),
    // Who works here changes rarely; every sidebar needs it.
    staleTime: 10 * 60_000,
  });
}

export function useOrganisationUsers() {
  return useQuery(getOrganisationUsersQueryOptions());
}
