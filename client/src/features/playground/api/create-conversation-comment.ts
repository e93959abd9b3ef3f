import { useMutation } from '@tanstack/react-query';
import { missiveMutation } from '@/lib/queries';

/** Missive caps a post notification's body at 1,000 characters. */
const NOTIFICATION_MAX = 1_000;

/**
 * What Missive's `comment(body)` does, done through the REST API: the API
 * cannot write comments, so an internal post stands in. `reopen: false`
 * because commenting on a closed conversation must not put it back in
 * everyone's inbox.
 */
export function useCreateConversationComment() {
  return useMutation(
    missiveMutation(
      'createPost',
      ({ conversationId, body }: { conversationId: string; body: string }) => {
        const notice =
          body.length > NOTIFICATION_MAX ? `${body.slice(0, NOTIFICATION_MAX - 1)}…` : body;
        return {
          body: {
            posts: {
              conversation: conversationId,
              text: body,
              notification: { title: 'New comment', body: notice },
              reopen: false,
            },
          },
        };
      },
    ),
  );
}
