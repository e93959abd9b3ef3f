import { useInfiniteQuery } from '@tanstack/react-query';
import type { Comment } from '@crm/shared/missive/conversations';
import type { EndpointResponse } from '@crm/shared/missive/endpoints';
import type { Message } from '@crm/shared/missive/messages';
import type { Post } from '@crm/shared/missive/posts';
import { missivePages } from '@/lib/queries';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';

const NEWEST: TimeCursor = {};

/**
 * How each of a conversation's three lists pages: newest first, 10 a page,
 * on its own item time (`until` = the oldest time of the previous page).
 */
function threadPaging<Answer, Item>(
  id: string,
  items: (answer: Answer) => Item[],
  time: (item: Item) => number,
) {
  return {
    page: (cursor: TimeCursor) => ({ params: { id }, query: timePageQuery(cursor) }),
    initialPageParam: NEWEST,
    select: items,
    getNextPageParam: (page: Item[], _pages: Item[][], cursor: TimeCursor) =>
      nextTimeCursor(page, cursor, time),
  };
}

export const messageTime = (message: Message): number => message.delivered_at;
export const commentTime = (comment: Comment): number => comment.created_at;
export const postTime = (post: Post): number => post.created_at;

export function useConversationMessages(id: string) {
  const items = ({ messages }: EndpointResponse<'listConversationMessages'>) => messages;
  return useInfiniteQuery(
    missivePages('listConversationMessages', threadPaging(id, items, messageTime)),
  );
}

export function useConversationComments(id: string) {
  const items = ({ comments }: EndpointResponse<'listConversationComments'>) => comments;
  return useInfiniteQuery(
    missivePages('listConversationComments', threadPaging(id, items, commentTime)),
  );
}

export function useConversationPosts(id: string) {
  const items = ({ posts }: EndpointResponse<'listConversationPosts'>) => posts;
  return useInfiniteQuery(missivePages('listConversationPosts', threadPaging(id, items, postTime)));
}
