import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../../../lib/api-client';
import { missiveQueryKey } from '../../../lib/react-query';

/** The conversation's drafts, newest first: one page of 10, Missive's largest. */
export function getConversationDrafts(conversationId: string, signal?: AbortSignal) {
  return callMissive('listConversationDrafts', {
    params: { id: conversationId },
    query: { limit: '10' },
    ...(signal ? { signal } : {}),
  });
}

export function getConversationDraftsQueryOptions(conversationId: string) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'drafts', { conversation: conversationId }],
    queryFn: ({ signal }) => getConversationDrafts(conversationId, signal),
  });
}

export function useConversationDrafts(conversationId: string) {
  return useQuery(getConversationDraftsQueryOptions(conversationId));
}
