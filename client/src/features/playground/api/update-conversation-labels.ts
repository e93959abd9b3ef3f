import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { callMissive } from '@/lib/api-client';
import { getConversationQueryOptions } from './get-conversation';
import { mailboxConversationsPrefix } from './get-mailbox-conversations';

export interface LabelChange {
  conversations: readonly Conversation[];
  add?: readonly string[];
  remove?: readonly string[];
}

/**
 * What Missive's `addLabels`/`removeLabels` do to the selection, done with
 * `PATCH /conversations`: it changes labels without posting anything and
 * without reopening. Missive wants each conversation's organization when
 * labels are added, so it is taken from the conversation itself.
 */
export async function updateConversationLabels({
  conversations,
  add = [],
  remove = [],
}: LabelChange) {
  const items = conversations.map((conversation) => {
    if (!conversation.organization) {
      throw new Error(
        `"${conversation.subject ?? conversation.id}" belongs to no organization, so it has no shared labels.`,
      );
    }
    return {
      id: conversation.id,
      organization: conversation.organization.id,
      ...(add.length ? { add_shared_labels: [...add] } : {}),
      ...(remove.length ? { remove_shared_labels: [...remove] } : {}),
    };
  });
  return callMissive('updateConversations', {
    params: { ids: items.map((item) => item.id).join(',') },
    body: { conversations: items },
  });
}

export function useUpdateConversationLabels() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateConversationLabels,
    onSuccess: (_answer, { conversations }) => {
      void queryClient.invalidateQueries({ queryKey: mailboxConversationsPrefix });
      for (const { id } of conversations) {
        void queryClient.invalidateQueries({ queryKey: getConversationQueryOptions(id).queryKey });
      }
    },
  });
}
