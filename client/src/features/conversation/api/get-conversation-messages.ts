import { useInfiniteQuery } from '@tanstack/react-query';
import type { Message } from '@crm/shared/missive/messages';
import { missivePages } from '@/lib/queries';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';

const NEWEST: TimeCursor = {};

export function messageTime(message: Message): number {
  return message.delivered_at;
}

/** A conversation's messages, newest first, paged on `delivered_at`. */
export function getConversationMessagesQueryOptions(id: string) {
  return missivePages('listConversationMessages', {
    page: (cursor: TimeCursor) => ({ params: { id }, query: timePageQuery(cursor) }),
    initialPageParam: NEWEST,
    select: ({ messages }) => messages,
    getNextPageParam: (page, _pages, cursor) => nextTimeCursor(page, cursor, messageTime),
  });
}

export function useConversationMessages(id: string) {
  return useInfiniteQuery(getConversationMessagesQueryOptions(id));
}
