import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { getConversationPostsQueryOptions } from './get-conversation-posts';
import { mailboxConversationsPrefix } from './get-mailbox-conversations';

/** Missive caps a post notification's body at 1,000 characters. */
const NOTIFICATION_MAX = 1_000;

/**
 * What Missive's `comment(body)` does, done through the REST API: the API
 * cannot write comments, so an internal post stands in. `reopen: false`
 * because commenting on a closed conversation must not put it back in
 * everyone's inbox.
 */
export function createConversationComment({
  conversationId,
  body,
}: {
  conversationId: string;
  body: string;
}) {
  const notice = body.length > NOTIFICATION_MAX ? `${body.slice(0, NOTIFICATION_MAX - 1)}…` : body;
  return callMissive('createPost', {
    body: {
      posts: {
        conversation: conversationId,
        text: body,
        notification: { title: 'New comment', body: notice },
        reopen: false,
      },
    },
  });
}

export function useCreateConversationComment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createConversationComment,
    onSuccess: (_answer, { conversationId }) => {
      const { queryKey } = getConversationPostsQueryOptions(conversationId);
      void queryClient.invalidateQueries({ queryKey });
      void queryClient.invalidateQueries({ queryKey: mailboxConversationsPrefix });
    },
  });
}
