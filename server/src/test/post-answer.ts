import type { UpstreamResponse } from '../gateway/missive-client';

/** Missive's answer to a post it made (`POST /posts`), as the delivery queue's tests fake it. */
export const madePost = (id: string): UpstreamResponse => ({
  status: 200,
  body: {
    posts: {
      id,
      conversation: `conversation-${id}`,
      created_at: 1,
      username: 'GitHub',
      username_icon: null,
      text: 'x',
      markdown: null,
      notification: { title: 'GitHub', body: 'x' },
      attachments: [],
    },
  },
  retryAfter: null,
});
