import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { ApiError, callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

/**
 * One conversation, for a selection the list has not loaded (the sidebar
 * opened an older conversation) and for the organization a label write needs.
 */
export async function getConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
  const answer = await callMissive('getConversation', {
    // Missive's own window: not on the token's budget.
    asMissiveWindow: true,
    params: { id },
    ...(signal ? { signal } : {}),
  });
  const conversation = answer.conversations[0];
  if (!conversation) throw new ApiError(404, `Conversation ${id} was not found`, 'not_found');
  return conversation;
}

export function getConversationQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'conversations', 'one', id],
    queryFn: ({ signal }) => getConversation(id, signal),
  });
}

export function useConversation(id: string | null, { enabled = true } = {}) {
  return useQuery({ ...getConversationQueryOptions(id ?? ''), enabled: enabled && id !== null });
}
