import { useMutationState, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { endpointKey, missiveQuery } from '@/lib/queries';

/** The conversation's drafts, newest first: one page of 10, Missive's largest. */
export function getConversationDraftsQueryOptions(conversationId: string) {
  return missiveQuery('listConversationDrafts', {
    params: { id: conversationId },
    query: { limit: '10' },
  });
}

/** Which conversation a draft write was for, from what it sent. */
const draftWrite = z.object({ drafts: z.object({ conversation: z.string() }) });

/**
 * Read only when there is something to read: the conversation's own count
 * (free, from the sidebar's context) says whether it has drafts, and a draft
 * saved here since makes one. A conversation without drafts, most of them,
 * costs no call; nor does one whose count is not known yet (`undefined`).
 */
export function useConversationDrafts(conversationId: string, count: number | undefined) {
  const written = useMutationState({
    filters: {
      mutationKey: endpointKey('missive', 'createDraft'),
      status: 'success',
      predicate: ({ state }) =>
        draftWrite.safeParse(state.variables).data?.drafts.conversation === conversationId,
    },
  });
  const query = useQuery({
    ...getConversationDraftsQueryOptions(conversationId),
    enabled: written.length > 0 || (count !== undefined && count > 0),
  });
  return { query, skipped: count === 0 && written.length === 0 };
}
