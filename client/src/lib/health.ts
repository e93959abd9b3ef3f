import { queryOptions, useQuery } from '@tanstack/react-query';
import { healthSchema, type Health } from '@crm/shared/health';
import { apiFetch } from '../../../lib/api-client';

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return apiFetch('/api/health', healthSchema, signal ? { signal } : {});
}

export function getHealthQueryOptions() {
  return queryOptions({
    queryKey: ['health'],
    queryFn: ({ signal }) => getHealth(signal),
    // Health is cheap and never touches Missive: keep it current.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useHealth() {
  return useQuery(getHealthQueryOptions());
}
