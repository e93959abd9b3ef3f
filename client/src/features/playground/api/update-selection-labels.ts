import { useMutation } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import { missiveMutation } from '@/lib/queries';

/** Labels added to and removed from the conversations selected in the playground. */
export interface SelectionLabelChange {
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
export function useUpdateSelectionLabels() {
  return useMutation(
    missiveMutation(
      'updateConversations',
      ({ conversations, add = [], remove = [] }: SelectionLabelChange) => {
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
        return {
          params: { ids: items.map((item) => item.id).join(',') },
          body: { conversations: items },
        };
      },
    ),
  );
}
