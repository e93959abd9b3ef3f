import { useInfiniteQuery } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { missivePages } from '@/lib/queries';
import {
  flattenTimePages,
  nextTimeCursor,
  timePageQuery,
  type TimeCursor,
} from '@/lib/time-paging';
import type { ConversationListFilter } from '../utils/conversation-filter';

/** Missive's largest page of conversations: the dashboard's list is long and scrolls. */
export const CONVERSATION_LIST_PAGE_SIZE = 50;

const NEWEST: TimeCursor = {};

/** The time Missive pages conversations by. */
function lastActivity(conversation: Conversation): number {
  return conversation.last_activity_at ?? conversation.created_at ?? 0;
}

/**
 * A mailbox (with its contact filter), newest activity first; the next page
 * asks `until` = the oldest `last_activity_at` of this one.
 */
export function getConversationListQueryOptions(filter: ConversationListFilter) {
  return {
    ...missivePages('listConversations', {
      page: (cursor: TimeCursor) => ({
        query: { ...filter, ...timePageQuery(cursor, CONVERSATION_LIST_PAGE_SIZE) },
      }),
      initialPageParam: NEWEST,
      select: ({ conversations }) => conversations,
      getNextPageParam: (page, _pages, cursor) =>
        nextTimeCursor(page, cursor, lastActivity, CONVERSATION_LIST_PAGE_SIZE),
    }),
    // The boundary conversation of a page can come back on the next one.
    select: ({ pages }: { pages: Conversation[][] }) => flattenTimePages(pages),
  };
}

export function useConversationList(filter: ConversationListFilter) {
  return useInfiniteQuery(getConversationListQueryOptions(filter));
}
