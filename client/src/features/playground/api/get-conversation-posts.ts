import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';
import { timePageQuery } from '@/lib/time-paging';

/**
 * The newest posts of a conversation, shown in the thread among its
 * messages so that a comment the sidebar posts is seen to arrive.
 */
export async function getConversationPosts(conversationId: string, signal?: AbortSignal) {
  const answer = await callMissive('listConversationPosts', {
    // Missive's own window: not on the token's budget.
    asMissiveWindow: true,
    params: { id: conversationId },
    query: timePageQuery({}),
    ...(signal ? { signal } : {}),
  });
  return answer.posts;
}

export function getConversationPostsQueryOptions(conversationId: string) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'posts', { conversation: conversationId }],
    queryFn: ({ signal }) => getConversationPosts(conversationId, signal),
  });
}

export function useConversationPosts(conversationId: string) {
  return useQuery(getConversationPostsQueryOptions(conversationId));
}
