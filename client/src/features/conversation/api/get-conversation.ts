import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { ApiError, callMissive } from '../../../lib/api-client';
import { conversationQueryPrefix } from '../../../lib/conversation-query-key';

/**
 * One conversation. Missive answers a list of one; a merged id answers with
 * the conversation it was merged into, so the id read back may differ.
 */
export async function getConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
  const { conversations } = await callMissive('getConversation', {
    params: { id },
    ...(signal ? { signal } : {}),
  });
  const [conversation] = conversations;
  // An empty list means the same as a 404: there is nothing to show.
  if (!conversation) throw new ApiError(404, 'Conversation not found', 'not_found');
  return conversation;
}

/**
 * The conversation's key is the shared prefix other features invalidate
 * after changing it (lib/conversation-query-key.ts); its timeline lists sit
 * under the same prefix, so a new post or label refreshes them too.
 */
export function getConversationQueryOptions(id: string) {
  return queryOptions({
    queryKey: conversationQueryPrefix(id),
    queryFn: ({ signal }) => getConversation(id, signal),
  });
}

export function useConversation(id: string) {
  return useQuery(getConversationQueryOptions(id));
}
