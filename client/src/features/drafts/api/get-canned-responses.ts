import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '@/lib/queries';

/**
 * The canned responses the token owner can use, by title (200 at most,
 * Missive's largest page), of one organization when one is named.
 */
export function getCannedResponsesQueryOptions(organizationId: string | null = null) {
  return queryOptions({
    ...missiveQuery('listResponses', {
      query: { limit: '200', ...(organizationId ? { organization: organizationId } : {}) },
    }),
    select: ({ responses }) => [...responses].sort((a, b) => a.title.localeCompare(b.title)),
    staleTime: 5 * 60_000,
  });
}

export function useCannedResponses(organizationId: string | null = null) {
  return useQuery(getCannedResponsesQueryOptions(organizationId));
}
