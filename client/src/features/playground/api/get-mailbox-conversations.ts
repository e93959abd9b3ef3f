import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { EndpointQuery } from '@crm/shared/missive/endpoints';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';
import {
  flattenTimePages,
  nextTimeCursor,
  timePageQuery,
  type TimeCursor,
} from '@/lib/time-paging';

/** The mailboxes the playground's switcher offers, as Missive's left bar does. */
export const playgroundMailboxes = ['inbox', 'all', 'assigned', 'closed'] as const;
export type PlaygroundMailbox = (typeof playgroundMailboxes)[number];

const mailboxQuery = {
  inbox: { inbox: 'true' },
  all: { all: 'true' },
  assigned: { assigned: 'true' },
  closed: { closed: 'true' },
} as const satisfies Record<PlaygroundMailbox, EndpointQuery<'listConversations'>>;

/** Missive's own default page; a list 800 px tall shows about ten rows. */
const PAGE_SIZE = 25;
const NEWEST: TimeCursor = {};

/** One page of a mailbox, newest activity first; older pages by `until` = last_activity_at. */
export async function getMailboxConversations(
  mailbox: PlaygroundMailbox,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Conversation[]> {
  const answer = await callMissive('listConversations', {
    // Missive's own window: not on the token's budget.
    asMissiveWindow: true,
    query: { ...mailboxQuery[mailbox], ...timePageQuery(cursor, PAGE_SIZE) },
    ...(signal ? { signal } : {}),
  });
  return answer.conversations;
}

/** Every mailbox list sits under this prefix: a write that changes conversations drops them all. */
export const mailboxConversationsPrefix = [...missiveQueryKey, 'conversations', 'mailbox'] as const;

function activity(conversation: Conversation): number {
  return conversation.last_activity_at ?? 0;
}

export function getMailboxConversationsQueryOptions(mailbox: PlaygroundMailbox) {
  return infiniteQueryOptions({
    queryKey: [...mailboxConversationsPrefix, mailbox],
    queryFn: ({ pageParam, signal }) => getMailboxConversations(mailbox, pageParam, signal),
    initialPageParam: NEWEST,
    getNextPageParam: (lastPage, _pages, lastCursor) =>
      nextTimeCursor(lastPage, lastCursor, activity, PAGE_SIZE),
    select: (data) => flattenTimePages(data.pages),
  });
}

export function useMailboxConversations(mailbox: PlaygroundMailbox, { enabled = true } = {}) {
  return useInfiniteQuery({ ...getMailboxConversationsQueryOptions(mailbox), enabled });
}
