import { queryOptions, useQuery } from '@tanstack/react-query';
import { healthSchema, type Health } from '@crm/shared/health';
import { apiFetch } from './api-client';

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return apiFetch('/api/health', healthSchema, signal ? { signal } : {});
}

export function getHealthQueryOptions() {
  return queryOptions({
    queryKey: ['health'],
    queryFn: ({ signal }) => getHealth(signal),
    // Cheap to ask: the gateway answers from memory and probes Missive at most
    // once a minute for everyone. Polling it is also how an open sidebar learns
    // that a new version was deployed under it.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useHealth() {
  return useQuery(getHealthQueryOptions());
}
