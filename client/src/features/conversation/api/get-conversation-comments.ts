import { useInfiniteQuery } from '@tanstack/react-query';
import type { Comment } from '@crm/shared/missive/conversations';
import { missivePages } from '@/lib/queries';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';

const NEWEST: TimeCursor = {};

export function commentTime(comment: Comment): number {
  return comment.created_at;
}

/** A conversation's comments, newest first, paged on `created_at`. */
export function getConversationCommentsQueryOptions(id: string) {
  return missivePages('listConversationComments', {
    page: (cursor: TimeCursor) => ({ params: { id }, query: timePageQuery(cursor) }),
    initialPageParam: NEWEST,
    select: ({ comments }) => comments,
    getNextPageParam: (page, _pages, cursor) => nextTimeCursor(page, cursor, commentTime),
  });
}

export function useConversationComments(id: string) {
  return useInfiniteQuery(getConversationCommentsQueryOptions(id));
}
