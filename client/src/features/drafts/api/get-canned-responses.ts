import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

/**
 * The canned responses the token owner can use, by title (200 at most,
 * Missive's largest page), of one organization when one is named.
 */
export async function getCannedResponses(organizationId: string | null, signal?: AbortSignal) {
  const { responses } = await callMissive('listResponses', {
    query: { limit: '200', ...(organizationId ? { organization: organizationId } : {}) },
    ...(signal ? { signal } : {}),
  });
  return [...responses].sort((a, b) => a.title.localeCompare(b.title));
}

export function getCannedResponsesQueryOptions(organizationId: string | null = null) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'responses', { organization: organizationId }],
    queryFn: ({ signal }) => getCannedResponses(organizationId, signal),
    staleTime: 5 * 60_000,
  });
}

export function useCannedResponses(organizationId: string | null = null) {
  return useQuery(getCannedResponsesQueryOptions(organizationId));
}
