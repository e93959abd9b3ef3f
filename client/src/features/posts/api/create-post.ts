import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { Post } from '@crm/shared/missive/posts';
import { callMissive } from '@/lib/api-client';
import { conversationQueryPrefix } from '@/lib/conversation-query-key';

const NOTIFICATION_LENGTH = 80;

/**
 * Adds an internal note to the thread as a Missive post. A post reopens a
 * closed conversation unless told otherwise; a note is not a reason to put
 * a closed thread back in everyone's inbox, hence `reopen: false`.
 */
export async function createNote({
  conversationId,
  text,
}: {
  conversationId: string;
  text: string;
}): Promise<Post> {
  const answer = await callMissive('createPost', {
    body: {
      posts: {
        conversation: conversationId,
        notification: { title: 'Note', body: text.trim().slice(0, NOTIFICATION_LENGTH) },
        markdown: text,
        reopen: false,
      },
    },
  });
  return answer.posts;
}

type CreateNoteConfig = Omit<UseMutationOptions<Post, Error, string>, 'mutationFn'>;

export function useCreateNote({
  conversationId,
  mutationConfig = {},
}: {
  conversationId: string;
  mutationConfig?: CreateNoteConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: (text: string) => createNote({ conversationId, text }),
    onSuccess: (...args) => {
      // The thread's timeline is read by the conversation feature under this prefix.
      void queryClient.invalidateQueries({ queryKey: conversationQueryPrefix(conversationId) });
      return onSuccess?.(...args);
    },
  });
}
