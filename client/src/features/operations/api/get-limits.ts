import { queryOptions, useQuery } from '@tanstack/react-query';
import { limitsReportSchema, type LimitsReport } from '@crm/shared/limits';
import { apiFetch } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

/** Refreshed this often while the operations page is open. */
export const LIMITS_REFRESH_MS = 5_000;

/**
 * The gateway's live view of the shared Missive budget. It answers from the
 * gateway's memory and costs Missive nothing, so polling it is fine (unlike
 * Missive reads, which stay fresh through live events).
 */
export function getLimits(signal?: AbortSignal): Promise<LimitsReport> {
  return apiFetch('/api/limits', limitsReportSchema, signal ? { signal } : {});
}

export function getLimitsQueryOptions() {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'limits'],
    queryFn: ({ signal }) => getLimits(signal),
    staleTime: 0,
    refetchInterval: LIMITS_REFRESH_MS,
  });
}

export function useLimits() {
  return useQuery(getLimitsQueryOptions());
}
