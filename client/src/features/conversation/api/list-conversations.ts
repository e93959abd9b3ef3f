import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';
import {
  flattenTimePages,
  nextTimeCursor,
  timePageQuery,
  type TimeCursor,
} from '@/lib/time-paging';
import type { ConversationListFilter } from '../utils/conversation-filter';

/** Missive's largest page of conversations: the dashboard's list is long and scrolls. */
export const CONVERSATION_LIST_PAGE_SIZE = 50;

/**
 * One page of a mailbox (with its contact filter), newest activity first.
 * The next page asks `until` = the oldest `last_activity_at` of this one.
 */
export async function listConversations(
  filter: ConversationListFilter,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Conversation[]> {
  const { conversations } = await callMissive('listConversations', {
    query: { ...filter, ...timePageQuery(cursor, CONVERSATION_LIST_PAGE_SIZE) },
    ...(signal ? { signal } : {}),
  });
  return conversations;
}

/** The time Missive pages conversations by. */
export function lastActivity(conversation: Conversation): number {
  return conversation.last_activity_at ?? conversation.created_at ?? 0;
}

const firstPage: TimeCursor = {};

/**
 * Keyed by the exact query under `conversations`, the prefix a
 * `conversation.changed` event invalidates; `list` keeps these infinite
 * entries apart from the plain lists other views cache there.
 */
export function getConversationListQueryOptions(filter: ConversationListFilter) {
  return infiniteQueryOptions({
    queryKey: [...missiveQueryKey, 'conversations', 'list', filter],
    queryFn: ({ pageParam, signal }) => listConversations(filter, pageParam, signal),
    initialPageParam: firstPage,
    getNextPageParam: (page, _pages, cursor) =>
      nextTimeCursor(page, cursor, lastActivity, CONVERSATION_LIST_PAGE_SIZE),
    // The boundary conversation of a page can come back on the next one.
    select: ({ pages }) => flattenTimePages(pages),
  });
}

export function useConversationList(filter: ConversationListFilter) {
  return useInfiniteQuery(getConversationListQueryOptions(filter));
}
