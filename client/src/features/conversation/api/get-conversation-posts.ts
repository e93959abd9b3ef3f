import { useInfiniteQuery } from '@tanstack/react-query';
import type { Post } from '@crm/shared/missive/posts';
import { missivePages } from '@/lib/queries';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';

const NEWEST: TimeCursor = {};

export function postTime(post: Post): number {
  return post.created_at;
}

/** A conversation's posts, newest first, paged on `created_at`. */
export function getConversationPostsQueryOptions(id: string) {
  return missivePages('listConversationPosts', {
    page: (cursor: TimeCursor) => ({ params: { id }, query: timePageQuery(cursor) }),
    initialPageParam: NEWEST,
    select: ({ posts }) => posts,
    getNextPageParam: (page, _pages, cursor) => nextTimeCursor(page, cursor, postTime),
  });
}

export function useConversationPosts(id: string) {
  return useInfiniteQuery(getConversationPostsQueryOptions(id));
}
