import type { SyncObject } from '@crm/shared/sync';

/**
 * What the sync reads, part by part. A part is read in full on its own
 * schedule and has its own checkpoint: each contact book, each mailbox.
 */
export interface Part {
  object: SyncObject;
  /** The contact book, the mailbox; '' for objects read as one list. */
  scope: string;
}

/**
 * The token owner's All mailbox leaves out conversations shared with a team
 * the owner is not in, so every team's All is walked too. Trash and spam are
 * left to on-demand reads: a sidebar seldom opens them.
 */
const ALL_MAILBOX = 'all';
const TEAM_MAILBOX = 'team_all:';

function teamMailbox(teamId: string): string {
  return `${TEAM_MAILBOX}${teamId}`;
}

/** The query naming a mailbox scope, e.g. `{ all: 'true' }` or `{ team_all: '<id>' }`. */
export function mailboxQuery(scope: string): Record<string, string> {
  return scope.startsWith(TEAM_MAILBOX)
    ? { team_all: scope.slice(TEAM_MAILBOX.length) }
    : { [scope]: 'true' };
}

/** Parts that exist only once their parent list is read (books, teams). */
export const prerequisites: Partial<Record<SyncObject, SyncObject>> = {
  contact_groups: 'contact_books',
  contacts: 'contact_books',
  conversations: 'teams',
};

/**
 * How often each object is read, in sync intervals (SYNC_INTERVAL_S).
 * Contacts and conversations, which people change all day, every round;
 * labels, which webhooks and write-through also refresh, every few; the
 * organisation's structure, which changes by the week, every fifteen.
 */
const cadence: Record<SyncObject, number> = {
  contacts: 1,
  conversations: 1,
  tasks: 1,
  shared_labels: 5,
  organizations: 15,
  users: 15,
  teams: 15,
  contact_books: 15,
  contact_groups: 15,
  responses: 15,
};

/**
 * While Missive's webhooks are heard, each change to a conversation comes
 * with its own delivery: the mailbox walks are then only a safety net (for
 * a delivery lost), and the budget goes to contacts, which no webhook
 * announces.
 */
const WEBHOOK_COVERED: Partial<Record<SyncObject, number>> = { conversations: 10 };
/** How long after the last delivery webhooks are still taken to be heard. */
export const WEBHOOKS_HEARD_MS = 15 * 60_000;

/** How often `object` is read, in sync intervals, with or without webhooks heard lately. */
export function cadenceOf(object: SyncObject, webhooksHeard: boolean): number {
  return (webhooksHeard ? WEBHOOK_COVERED[object] : undefined) ?? cadence[object];
}

/** In loading order: what later parts need (books, teams) comes first. */
export function planParts({
  books,
  teams,
}: {
  books: readonly string[];
  teams: readonly string[];
}): Part[] {
  const one = (object: SyncObject): Part => ({ object, scope: '' });
  return [
    one('organizations'),
    one('users'),
    one('teams'),
    one('shared_labels'),
    one('contact_books'),
    ...books.map((book) => ({ object: 'contacts' as const, scope: book })),
    { object: 'conversations', scope: ALL_MAILBOX },
    ...teams.map((team) => ({ object: 'conversations' as const, scope: teamMailbox(team) })),
    one('tasks'),
    ...books.map((book) => ({ object: 'contact_groups' as const, scope: book })),
    one('responses'),
  ];
}

export function describePart({ object, scope }: Part): string {
  if (!scope) return object.replaceAll('_', ' ');
  if (object === 'conversations') return `conversations of mailbox ${scope}`;
  return `${object.replaceAll('_', ' ')} of contact book ${scope}`;
}
