import type { EndpointResponse } from '@crm/shared/missive/endpoints';

/**
 * The agent's name, for `{{agent_name}}`: the token owner, whom Missive marks
 * `me` among the users. A `select` over the shared users read
 * (`getUsersQueryOptions(null)` in lib/directory/get-users).
 */
export function agentName({ users }: EndpointResponse<'listUsers'>): string | null {
  return users.find((user) => user.me)?.name ?? null;
}
