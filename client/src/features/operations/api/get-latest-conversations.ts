import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '@/lib/queries';

/**
 * The newest conversations across every mailbox the token owner sees: the
 * status page's end-to-end probe that the gateway can reach Missive (or the
 * emulator) and that answers match the shared contract.
 */
export function getLatestConversationsQueryOptions(limit = 10) {
  return queryOptions({
    ...missiveQuery('listConversations', { query: { all: 'true', limit: String(limit) } }),
    select: ({ conversations }) => conversations,
  });
}

export function useLatestConversations(limit = 10) {
  return useQuery(getLatestConversationsQueryOptions(limit));
}
