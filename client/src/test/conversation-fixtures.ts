import type { Comment } from '@crm/shared/missive/conversations';
import type { Message } from '@crm/shared/missive/messages';
import type { User } from '@crm/shared/missive/people';
import type { Post } from '@crm/shared/missive/posts';

/**
 * Messages, comments, posts and users that satisfy the shared schemas, and
 * a stand-in for Missive's paging by time; override what a test is about.
 */

export function makeMessage(
  overrides: Partial<Message> & { id: string; delivered_at: number },
): Message {
  return {
    subject: 'Question about my order',
    preview: 'Hello, I have a question about my order.',
    type: 'email',
    updated_at: overrides.delivered_at,
    created_at: overrides.delivered_at,
    email_message_id: `<${overrides.id}@mail.example.com>`,
    in_reply_to: [],
    references: [],
    from_field: { name: 'Ada Lovelace', address: 'ada@example.com' },
    to_fields: [{ name: 'Brightwell Support', address: 'support@brightwell.io' }],
    cc_fields: [],
    bcc_fields: [],
    reply_to_fields: [],
    attachments: [],
    ...overrides,
  };
}

export function makeComment(
  overrides: Partial<Comment> & { id: string; created_at: number },
): Comment {
  return {
    body: 'Checking with the warehouse.',
    mentions: [],
    attachment: null,
    task: null,
    author: {
      id: 'user-grace',
      name: 'Grace Hopper',
      email: 'grace@brightwell.io',
      avatar_url: null,
    },
    ...overrides,
  };
}

export function makePost(overrides: Partial<Post> & { id: string; created_at: number }): Post {
  return {
    conversation: 'conversation-1',
    username: 'Stripe',
    username_icon: null,
    text: 'Payment received',
    markdown: null,
    notification: { title: 'Stripe', body: 'Payment received' },
    attachments: [],
    ...overrides,
  };
}

export function makeUser(overrides: Partial<User> & { id: string; email: string }): User {
  return {
    me: false,
    name: overrides.email.split('@')[0] ?? 'agent',
    avatar_url: null,
    ...overrides,
  };
}

/**
 * One page of a list paged by time, as Missive answers it: newest first,
 * older than `until`, and grown past `limit` so a run of equal timestamps is
 * never cut. `inclusive` imitates an `until` that also returns items at that
 * very second, which the client must dedupe.
 */
export function answerTimePage<T extends { id: string }>(
  items: readonly T[],
  time: (item: T) => number,
  query: URLSearchParams,
  { inclusive = false }: { inclusive?: boolean } = {},
): T[] {
  const limit = Number(query.get('limit') ?? '10');
  const untilText = query.get('until');
  const until = untilText === null ? Infinity : Number(untilText);
  const newestFirst = items
    .filter((item) => (inclusive ? time(item) <= until : time(item) < until))
    .toSorted((a, b) => time(b) - time(a));
  const boundary = newestFirst[limit - 1];
  if (boundary === undefined) return newestFirst;
  return newestFirst.filter((item, index) => index < limit || time(item) === time(boundary));
}
