import { queryOptions, useQuery } from '@tanstack/react-query';
import { gatewayQuery } from '@/lib/queries';

/** Refreshed this often while the operations page is open. */
export const LIMITS_REFRESH_MS = 5_000;

/**
 * The gateway's live view of the shared Missive budget. It answers from the
 * gateway's memory and costs Missive nothing, so polling it is fine (unlike
 * Missive reads, which stay fresh through live events).
 */
export function getLimitsQueryOptions() {
  return queryOptions({
    ...gatewayQuery('getLimits'),
    staleTime: 0,
    refetchInterval: LIMITS_REFRESH_MS,
  });
}

export function useLimits() {
  return useQuery(getLimitsQueryOptions());
}
