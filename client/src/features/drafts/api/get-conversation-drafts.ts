import { queryOptions, useMutationState, useQuery } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

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

/** Names the writes of one conversation's drafts, so its list knows one was made here. */
export function createDraftMutationKey(conversationId: string) {
  return ['create-draft', conversationId] as const;
}

/**
 * Read only when there is something to read: the conversation's own count
 * (free, from the sidebar's context) says whether it has drafts, and a draft
 * saved here since makes one. A conversation without drafts, most of them,
 * costs no call; nor does one whose count is not known yet (`undefined`).
 */
export function useConversationDrafts(conversationId: string, count: number | undefined) {
  const written = useMutationState({
    filters: { mutationKey: createDraftMutationKey(conversationId), status: 'success' },
  });
  const query = useQuery({
    ...getConversationDraftsQueryOptions(conversationId),
    enabled: written.length > 0 || (count !== undefined && count > 0),
  });
  return { query, skipped: count === 0 && written.length === 0 };
}
