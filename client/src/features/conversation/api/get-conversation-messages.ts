import { useInfiniteQuery } from '@tanstack/react-query';
import type { Message } from '@crm/shared/missive/messages';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';
import { timePagedQueryOptions, timePageQuery, type TimeCursor } from '@/lib/time-paging';

/** One page of a conversation's messages, newest first, paged on `delivered_at`. */
export async function getConversationMessages(
  id: string,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Message[]> {
  const { messages } = await callMissive('listConversationMessages', {
    params: { id },
    query: timePageQuery(cursor),
    ...(signal ? { signal } : {}),
  });
  return messages;
}

export function messageTime(message: Message): number {
  return message.delivered_at;
}

/**
 * The timeline pages through these; the summary (channel) and the
 * participants read the first page from the same cache entry.
 */
export function getConversationMessagesQueryOptions(id: string) {
  return timePagedQueryOptions({
    queryKey: [...conversationQueryPrefix(id), 'messages'],
    fetchPage: (cursor, signal) => getConversationMessages(id, cursor, signal),
    time: messageTime,
  });
}

export function useConversationMessages(id: string) {
  return useInfiniteQuery(getConversationMessagesQueryOptions(id));
}
