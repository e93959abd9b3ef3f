import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '@/lib/queries';
import { timePageQuery } from '@/lib/time-paging';

/**
 * The newest posts of a conversation as Missive's window reads them, shown
 * in the thread among its messages so that a comment the sidebar posts is
 * seen to arrive.
 */
export function getWindowConversationPostsQueryOptions(conversationId: string) {
  return queryOptions({
    ...missiveQuery(
      'listConversationPosts',
      { params: { id: conversationId }, query: timePageQuery({}) },
      { asMissiveWindow: true },
    ),
    select: ({ posts }) => posts,
  });
}

export function useWindowConversationPosts(conversationId: string) {
  return useQuery(getWindowConversationPostsQueryOptions(conversationId));
}
