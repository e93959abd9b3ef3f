import { useInfiniteQuery } from '@tanstack/react-query';
import type { Message } from '@crm/shared/missive/messages';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';
import { timePagedQueryOptions, timePageQuery, type TimeCursor } from '@/lib/time-paging';
import { getMessageBodies } from './get-message-bodies';

/**
 * A page of a conversation's messages, newest first, 10 at most, with their
 * bodies: the list answers previews only, so the bodies it lacks are read
 * in one batch before the page is shown.
 */
export async function getConversationMessages(
  conversationId: string,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Message[]> {
  const answer = await callMissive('listConversationMessages', {
    // Missive's own window: not on the token's budget.
    asMissiveWindow: true,
    params: { id: conversationId },
    query: timePageQuery(cursor),
    ...(signal ? { signal } : {}),
  });
  const missing = answer.messages.filter((message) => message.body === undefined);
  if (missing.length === 0) return answer.messages;
  const bodies = await getMessageBodies(
    missing.map((message) => message.id),
    signal,
  );
  return answer.messages.map((message) => {
    const body = bodies.get(message.id);
    return body === undefined ? message : { ...message, body };
  });
}

export function getConversationMessagesQueryOptions(conversationId: string) {
  return timePagedQueryOptions({
    queryKey: [...missiveQueryKey, 'messages', { conversation: conversationId }],
    fetchPage: (cursor, signal) => getConversationMessages(conversationId, cursor, signal),
    time: (message) => message.delivered_at,
  });
}

export function useConversationMessages(conversationId: string) {
  return useInfiniteQuery(getConversationMessagesQueryOptions(conversationId));
}
