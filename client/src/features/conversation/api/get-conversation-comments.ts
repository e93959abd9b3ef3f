import { useInfiniteQuery } from '@tanstack/react-query';
import type { Comment } from '@crm/shared/missive/conversations';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';
import { timePagedQueryOptions, timePageQuery, type TimeCursor } from '@/lib/time-paging';

/** One page of a conversation's comments, newest first, paged on `created_at`. */
export async function getConversationComments(
  id: string,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Comment[]> {
  const { comments } = await callMissive('listConversationComments', {
    params: { id },
    query: timePageQuery(cursor),
    ...(signal ? { signal } : {}),
  });
  return comments;
}

export function commentTime(comment: Comment): number {
  return comment.created_at;
}

export function getConversationCommentsQueryOptions(id: string) {
  return timePagedQueryOptions({
    queryKey: [...conversationQueryPrefix(id), 'comments'],
    fetchPage: (cursor, signal) => getConversationComments(id, cursor, signal),
    time: commentTime,
  });
}

export function useConversationComments(id: string) {
  return useInfiniteQuery(getConversationCommentsQueryOptions(id));
}
