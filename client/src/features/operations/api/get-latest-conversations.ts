import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

/**
 * The newest conversations across every mailbox the token owner sees: the
 * status page's end-to-end probe that the gateway can reach Missive (or the
 * emulator) and that answers match the shared contract.
 */
export function getLatestConversations(limit: number, signal?: AbortSignal) {
  return callMissive('listConversations', {
    query: { all: 'true', limit: String(limit) },
    ...(signal ? { signal } : {}),
  });
}

export function getLatestConversationsQueryOptions(limit = 10) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'conversations', { mailbox: 'all', limit }],
    queryFn: ({ signal }) => getLatestConversations(limit, signal),
  });
}

export function useLatestConversations({
  enabled,
  limit = 10,
}: {
  enabled: boolean;
  limit?: number;
}) {
  return useQuery({ ...getLatestConversationsQueryOptions(limit), enabled });
}
