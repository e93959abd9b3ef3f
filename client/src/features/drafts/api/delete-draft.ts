import { useMutation, useQueryClient } from '@tanstack/react-query';
import { missiveMutation } from '@/lib/queries';
import { getConversationDraftsQueryOptions } from './get-conversation-drafts';

export function useDeleteDraft({ conversationId }: { conversationId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('deleteDraft', (draftId: string) => ({ params: { id: draftId } })),
    onSuccess: (_answer, draftId) => {
      // Missive may list a deleted draft for a moment longer; drop it at once.
      queryClient.setQueryData(
        getConversationDraftsQueryOptions(conversationId).queryKey,
        (list) => (list ? { drafts: list.drafts.filter((draft) => draft.id !== draftId) } : list),
      );
    },
  });
}
