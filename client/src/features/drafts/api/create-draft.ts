import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Draft, draftCreateBody } from '@crm/shared/missive/drafts';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';
import {
  createDraftMutationKey,
  getConversationDraftsQueryOptions,
} from './get-conversation-drafts';

export type DraftCreateBody = z.input<typeof draftCreateBody>;

/** Saves a draft, or sends it now (`send`) or later (`send_at`). */
export async function createDraft(body: DraftCreateBody): Promise<Draft> {
  const answer = await callMissive('createDraft', { body });
  return answer.drafts;
}

type CreateDraftConfig = Omit<UseMutationOptions<Draft, Error, DraftCreateBody>, 'mutationFn'>;

export function useCreateDraft({
  conversationId,
  mutationConfig = {},
}: {
  conversationId: string;
  mutationConfig?: CreateDraftConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationKey: createDraftMutationKey(conversationId),
    mutationFn: createDraft,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({
        queryKey: getConversationDraftsQueryOptions(conversationId).queryKey,
      });
      // Draft and message counts, and a sent reply, change the conversation.
      void queryClient.invalidateQueries({ queryKey: conversationQueryPrefix(conversationId) });
      return onSuccess?.(...args);
    },
  });
}
