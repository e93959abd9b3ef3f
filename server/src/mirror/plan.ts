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

/** Where one part's schedule stands, as the sync's loop sees it. */
export interface Scheduled {
  part: Part;
  /** Never read, nor begun: later parts may depend on it (books, teams). */
  first: boolean;
  /** When it is due (epoch ms): its cadence after its last success, its retry, its next page. */
  dueAt: number;
  /** Its cadence in ms: how far behind it is counts in these. */
  periodMs: number;
}

/**
 * The part to read now, or when the next one falls due. Parts never read go
 * first, in plan order. After them the part furthest behind its own cadence
 * goes next, not the first in plan order: when the sync's share of the budget
 * cannot carry every part at its cadence (a busy organisation, a short
 * SYNC_INTERVAL_S), every cadence then stretches by the same factor. In plan
 * order the slow lists, due together every fifteenth round, would hold back
 * the contacts (which no webhook announces) for a dozen calls at a time.
 */
export function nextTurn(
  parts: readonly Scheduled[],
  now: number,
): { part: Part } | { wakeAt: number } | undefined {
  const due = parts.filter((scheduled) => scheduled.dueAt <= now);
  const first = due.find((scheduled) => scheduled.first);
  if (first) return { part: first.part };
  const behind = (scheduled: Scheduled) => (now - scheduled.dueAt) / scheduled.periodMs;
  // reduce keeps the earlier part on a tie: plan order breaks ties.
  const furthest = due.reduce<Scheduled | undefined>(
    (best, scheduled) =>
      best === undefined || behind(scheduled) > behind(best) ? scheduled : best,
    undefined,
  );
  if (furthest) return { part: furthest.part };
  if (parts.length === 0) return undefined;
  return { wakeAt: Math.min(...parts.map((scheduled) => scheduled.dueAt)) };
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
