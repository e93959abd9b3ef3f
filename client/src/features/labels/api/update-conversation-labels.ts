import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';

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
export function updateConversationLabels(
  conversationId: string,
  organizationId: string,
  change: LabelChange,
) {
  const labels =
    change.op === 'add'
      ? { add_shared_labels: [change.labelId] }
      : { remove_shared_labels: [change.labelId] };
  return callMissive('updateConversations', {
    params: { ids: conversationId },
    body: { conversations: [{ id: conversationId, organization: organizationId, ...labels }] },
  });
}

type UpdateLabelsConfig = Omit<
  UseMutationOptions<Awaited<ReturnType<typeof updateConversationLabels>>, Error, LabelChange>,
  'mutationFn'
>;

export function useUpdateConversationLabels({
  conversationId,
  organizationId,
  mutationConfig = {},
}: {
  conversationId: string;
  organizationId: string;
  mutationConfig?: UpdateLabelsConfig;
}) {
  const queryClient = useQueryClient();
  const { onSettled, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: (change: LabelChange) =>
      updateConversationLabels(conversationId, organizationId, change),
    onSettled: (...args) => {
      // Refetch after a failure too: the usual cause is that someone changed
      // the labels in Missive meanwhile, and the sidebar should show that.
      void queryClient.invalidateQueries({ queryKey: conversationQueryPrefix(conversationId) });
      return onSettled?.(...args);
    },
  });
}
