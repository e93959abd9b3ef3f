import { queryOptions, useQuery } from '@tanstack/react-query';
import { gatewayQuery } from './queries';

export function getHealthQueryOptions() {
  return queryOptions({
    ...gatewayQuery('getHealth'),
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
