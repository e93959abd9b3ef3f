import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { callMissive } from '../../../lib/api-client';
import { missiveQueryKey } from '../../../lib/react-query';

/** How many of a participant's conversations the sidebar lists. */
export const CONTACT_CONVERSATIONS_LIMIT = 10;

/**
 * The latest conversations with one address, across every mailbox the token
 * owner sees (Missive's `email` filter), newest activity first.
 */
export async function getContactConversations(
  email: string,
  signal?: AbortSignal,
): Promise<Conversation[]> {
  const { conversations } = await callMissive('listConversations', {
    query: { all: 'true', email, limit: String(CONTACT_CONVERSATIONS_LIMIT) },
    ...(signal ? { signal } : {}),
  });
  // Missive already sorts so; sorting again keeps "newest first" true even
  // when an answer arrives in another order.
  return conversations.toSorted((a, b) => activity(b) - activity(a));
}

function activity(conversation: Conversation): number {
  return conversation.last_activity_at ?? conversation.created_at ?? 0;
}

export function getContactConversationsQueryOptions(email: string) {
  return queryOptions({
    queryKey: [
      ...missiveQueryKey,
      'conversations',
      { mailbox: 'all', email: email.toLowerCase(), limit: CONTACT_CONVERSATIONS_LIMIT },
    ],
    queryFn: ({ signal }) => getContactConversations(email, signal),
  });
}

export function useContactConversations(email: string) {
  return useQuery(getContactConversationsQueryOptions(email));
}
