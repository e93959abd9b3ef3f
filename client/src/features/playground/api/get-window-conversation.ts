import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client';
import { missiveQuery } from '@/lib/queries';

/**
 * One conversation as Missive's window reads it, for a selection the list
 * has not loaded (the sidebar opened an older conversation) and for the
 * organization a label write needs.
 */
export function getWindowConversationQueryOptions(id: string) {
  return queryOptions({
    ...missiveQuery('getConversation', { params: { id } }, { asMissiveWindow: true }),
    select: ({ conversations: [conversation] }) => {
      if (!conversation) throw new ApiError(404, `Conversation ${id} was not found`, 'not_found');
      return conversation;
    },
  });
}

export function useWindowConversation(id: string | null, { enabled = true } = {}) {
  return useQuery({
    ...getWindowConversationQueryOptions(id ?? ''),
    enabled: enabled && id !== null,
  });
}
