import { useInfiniteQuery } from '@tanstack/react-query';
import type { Post } from '@crm/shared/missive/posts';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';
import { timePagedQueryOptions, timePageQuery, type TimeCursor } from '@/lib/time-paging';

/** One page of a conversation's posts, newest first, paged on `created_at`. */
export async function getConversationPosts(
  id: string,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Post[]> {
  const { posts } = await callMissive('listConversationPosts', {
    params: { id },
    query: timePageQuery(cursor),
    ...(signal ? { signal } : {}),
  });
  return posts;
}

export function postTime(post: Post): number {
  return post.created_at;
}

export function getConversationPostsQueryOptions(id: string) {
  return timePagedQueryOptions({
    queryKey: [...conversationQueryPrefix(id), 'posts'],
    fetchPage: (cursor, signal) => getConversationPosts(id, cursor, signal),
    time: postTime,
  });
}

export function useConversationPosts(id: string) {
  return useInfiniteQuery(getConversationPostsQueryOptions(id));
}
