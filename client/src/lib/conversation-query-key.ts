import { missiveQueryKey } from './react-query';

/**
 * The key prefix under which the conversation feature caches one
 * conversation: its getConversationQueryOptions(id) uses exactly
 * `[...missiveQueryKey, 'conversation', id]`. Features may not import each
 * other, so features that change a conversation (labels, drafts, tasks,
 * posts) invalidate through this prefix instead; if the conversation
 * feature's key changes, this must change with it.
 */
export function conversationQueryPrefix(conversationId: string) {
  return [...missiveQueryKey, 'conversation', conversationId] as const;
}
