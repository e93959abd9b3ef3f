import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../../../lib/api-client';
import { missiveQueryKey } from '../../../lib/react-query';

/** The canned responses the token owner can use, by title (200 at most, Missive's largest page). */
export async function getCannedResponses(signal?: AbortSignal) {
  const { responses } = await callMissive('listResponses', {
    query: { limit: '200' },
    ...(signal ? { signal } : {}),
  });
  return [...responses].sort((a, b) => a.title.localeCompare(b.title));
}

export function getCannedResponsesQueryOptions() {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'responses'],
    queryFn: ({ signal }) => getCannedResponses(signal),
    staleTime: 5 * 60_000,
  });
}

export function useCannedResponses() {
  return useQuery(getCannedResponsesQueryOptions());
}
