import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../../../lib/api-client';
import { missiveQueryKey } from '../../../lib/react-query';

/**
 * The tasks of one conversation, of every kind (`type=all`), 50 at most,
 * which is Missive's largest page and far more than a thread carries.
 */
export function getConversationTasks(conversationId: string, signal?: AbortSignal) {
  return callMissive('listTasks', {
    query: { conversation: conversationId, type: 'all', limit: '50' },
    ...(signal ? { signal } : {}),
  });
}

export function getConversationTasksQueryOptions(conversationId: string) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'tasks', { conversation: conversationId }],
    queryFn: ({ signal }) => getConversationTasks(conversationId, signal),
  });
}

export function useConversationTasks(conversationId: string) {
  return useQuery(getConversationTasksQueryOptions(conversationId));
}
