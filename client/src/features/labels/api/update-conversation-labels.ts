import { useMutation, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '@crm/shared/missive/endpoints';
import { invalidateResources, missiveMutation } from '@/lib/queries';

/** One label added to or removed from the conversation; `path` names it in messages. */
export interface LabelChange {
  op: 'add' | 'remove';
  labelId: string;
  path: string;
}

/**
 * Labels a conversation through PATCH /conversations: unlike a post, it
 * notifies nobody and does not reopen a closed conversation. Missive needs
 * `organization` on an item that adds shared labels; it is sent on removals
 * too, which it accepts, so both writes have one shape.
 */
export function useUpdateConversationLabels({
  conversationId,
  organizationId,
  onMutate,
  onSuccess,
  onError,
}: {
  conversationId: string;
  organizationId: string;
  onMutate?: (change: LabelChange) => void;
  onSuccess?: (change: LabelChange) => void;
  onError?: (error: Error, change: LabelChange) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('updateConversations', (change: LabelChange) => ({
      params: { ids: conversationId },
      body: {
        conversations: [
          {
            id: conversationId,
            organization: organizationId,
            ...(change.op === 'add'
              ? { add_shared_labels: [change.labelId] }
              : { remove_shared_labels: [change.labelId] }),
          },
        ],
      },
    })),
    onMutate: (change) => {
      onMutate?.(change);
    },
    onSuccess: (_answer, change) => {
      onSuccess?.(change);
    },
    onError: (error, change) => {
      // A success refreshes what the write changed (its table entry); a
      // refusal does too: the usual cause is that someone changed the
      // labels in Missive meanwhile, and the sidebar should show that.
      void invalidateResources(queryClient, endpoints.updateConversations.invalidates, {
        conversation: conversationId,
        keepConversationLists: true,
      });
      onError?.(error, change);
    },
  });
}
