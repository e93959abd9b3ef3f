import { useMutation } from '@tanstack/react-query';
import { missiveMutation } from '@/lib/queries';

const NOTIFICATION_LENGTH = 80;

/**
 * Adds an internal note to the thread as a Missive post. A post reopens a
 * closed conversation unless told otherwise; a note is not a reason to put
 * a closed thread back in everyone's inbox, hence `reopen: false`. The
 * thread is read again once Missive has it (the endpoint invalidates posts
 * and conversations).
 */
export function useCreateNote({ conversationId }: { conversationId: string }) {
  return useMutation(
    missiveMutation('createPost', (text: string) => ({
      body: {
        posts: {
          conversation: conversationId,
          notification: { title: 'Note', body: text.trim().slice(0, NOTIFICATION_LENGTH) },
          markdown: text,
          reopen: false,
        },
      },
    })),
  );
}
