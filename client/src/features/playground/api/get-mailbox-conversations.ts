import { useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { EndpointQuery } from '@crm/shared/missive/endpoints';
import { missivePages } from '@/lib/queries';
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

function activity(conversation: Conversation): number {
  return conversation.last_activity_at ?? 0;
}

/**
 * A mailbox as Missive's window lists it (outside the token's budget),
 * newest activity first; older pages by `until` = last_activity_at.
 */
export function getMailboxConversationsQueryOptions(mailbox: PlaygroundMailbox) {
  return {
    ...missivePages(
      'listConversations',
      {
        page: (cursor: TimeCursor) => ({
          query: { ...mailboxQuery[mailbox], ...timePageQuery(cursor, PAGE_SIZE) },
        }),
        initialPageParam: NEWEST,
        select: ({ conversations }) => conversations,
        getNextPageParam: (lastPage, _pages, lastCursor) =>
          nextTimeCursor(lastPage, lastCursor, activity, PAGE_SIZE),
      },
      { asMissiveWindow: true },
    ),
    select: (data: InfiniteData<Conversation[], TimeCursor>) => flattenTimePages(data.pages),
  };
}

export function useMailboxConversations(mailbox: PlaygroundMailbox, { enabled = true } = {}) {
  return useInfiniteQuery({ ...getMailboxConversationsQueryOptions(mailbox), enabled });
}
