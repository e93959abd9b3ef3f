import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';
import { getConversationDraftsQueryOptions } from './get-conversation-drafts';

export function deleteDraft(draftId: string) {
  return callMissive('deleteDraft', { params: { id: draftId } });
}

export function useDeleteDraft({ conversationId }: { conversationId: string }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteDraft,
    onSuccess: (_answer, draftId) => {
      const { queryKey } = getConversationDraftsQueryOptions(conversationId);
      // Missive may list a deleted draft for a moment longer; drop it at once.
      queryClient.setQueryData(queryKey, (list) =>
        list ? { drafts: list.drafts.filter((draft) => draft.id !== draftId) } : list,
      );
      void queryClient.invalidateQueries({ queryKey });
      void queryClient.invalidateQueries({ queryKey: conversationQueryPrefix(conversationId) });
    },
  });
}
