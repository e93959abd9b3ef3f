import type { SyncObject } from '@crm/shared/sync';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { EndpointResponse } from '@crm/shared/missive/endpoints';
import type {
  MirrorStore,
  MirrorWrite,
  Progress,
  RecordWrite,
  SyncStateRow,
} from '../store/mirror-store';
import { SyncFailure, type MissiveReads, type SyncRead } from './missive-reads';
import {
  cadenceOf,
  mailboxQuery,
  nextTurn,
  planParts,
  WEBHOOKS_HEARD_MS,
  type Part,
  type Scheduled,
} from './plan';
import { activityOf, contactWrite, conversationWrite, plainWrite, taskWrite } from './records';
import {
  advanceOffsetWalk,
  advanceTimeWalk,
  startOffsetWalk,
  startTimeWalk,
  walkSchema,
  type OffsetWalk,
  type Step,
  type TimeWalk,
  type Walk,
} from './walks';

/** Missive's largest page for lists paged by offset, and for conversations and tasks. */
const LIST_LIMIT = 200;
const TIME_LIMIT = 50;
/**
 * Pages one part reads before the next part gets a turn: a large mailbox's
 * first load must not hold back the contact books' rounds for an hour.
 */
const PAGES_PER_TURN = 5;

/** An unfinished walk as stored with its last page. */
const cursorSchema = z.object({ startedAt: z.number(), walk: walkSchema });
type Cursor = z.infer<typeof cursorSchema>;

export interface SyncEngineOptions {
  store: MirrorStore;
  reads: MissiveReads;
  /** Between incremental rounds (SYNC_INTERVAL_S); slower objects wait a multiple of it. */
  intervalMs: number;
  region?: CountryCode | undefined;
  /** The wait after a part's first failure; it doubles with each further one, up to `max`. */
  backoffMs?: { first: number; max: number };
  clock?: () => number;
  /** A part could not be read; it is tried again after the backoff. */
  onFailure?: (part: Part, error: Error) => void;
  /** Something other than Missive failed (the store, a bug); the sync carries on. */
  onError?: (error: unknown) => void;
  /**
   * A round of the background loop stored or removed records of these
   * objects: changes made elsewhere, which open sidebars should read again.
   */
  onChanged?: (objects: SyncObject[]) => void;
}

export interface PageEvent {
  part: Part;
  /** Records stored (or removed) by this page. */
  stored: number;
  /** The part's walk is over. */
  done: boolean;
}

/** A page of runOnce, with how many parts are read in full of those known so far. */
export interface RunProgress extends PageEvent {
  parts: { done: number; total: number };
}

export interface RunSummary {
  /** Parts whose last attempt failed, with why. */
  failures: { part: Part; reason: string }[];
}

/** deferred: the gateway had no room for the sync while agents used the budget; not a failure. */
type TurnResult = 'done' | 'more' | 'failed' | 'deferred' | 'stopped';

const DEFAULT_BACKOFF = { first: 10_000, max: 15 * 60_000 };
/** How long the sync stands back when the gateway had no room for it. */
const DEFER_MS = 5_000;

/**
 * Fills the mirror from Missive and keeps it current, in the background lane.
 * Each part (a list, a contact book, a mailbox) is walked page by page; each
 * page is stored in one transaction together with where the walk stands, so
 * a failure or a restart loses at most the page under way, and a walk
 * resumes where the last stored page left it.
 */
export class SyncEngine {
  private readonly options: SyncEngineOptions;
  private readonly clock: () => number;
  private readonly backoff: { first: number; max: number };
  private abort = new AbortController();
  private running: Promise<void> | undefined;
  private busy = false;
  private webhookHeardAt = Number.NEGATIVE_INFINITY;
  /** When each part last had a turn: a walk under way waits its turn after it. */
  private readonly lastTurnAt = new Map<string, number>();

  constructor(options: SyncEngineOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  }

  isRunning(): boolean {
    return this.running !== undefined;
  }

  /** A verified webhook delivery arrived: conversations are announced (see plan.ts). */
  webhookHeard(): void {
    this.webhookHeardAt = this.clock();
  }

  /** Syncs in the background until stop(): each part when its cadence or backoff says. */
  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Ends the sync between two calls; the page under way, if stored, stays stored. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /**
   * Reads every part once, whatever its schedule: a first load finishes, a
   * live part catches up. Parts that fail are reported, not retried.
   */
  async runOnce(onProgress?: (progress: RunProgress) => void): Promise<RunSummary> {
    if (this.running || this.busy) throw new Error('the sync is already running');
    this.busy = true;
    this.abort = new AbortController();
    const finished = new Set<string>();
    const failures: RunSummary['failures'] = [];
    try {
      for (;;) {
        const states = await this.states();
        const plan = await this.plan();
        const pending = plan.filter(
          (part) =>
            !finished.has(keyOf(part)) && !failures.some((failure) => sameKey(failure.part, part)),
        );
        if (pending.length === 0 || this.abort.signal.aborted) break;
        const onPage = (event: PageEvent) => {
          const done = finished.size + (event.done ? 1 : 0);
          onProgress?.({ ...event, parts: { done, total: plan.length } });
        };
        for (const part of pending) {
          const result = await this.turn(part, states.get(keyOf(part)), onPage);
          if (result === 'done') finished.add(keyOf(part));
          if (result === 'failed') {
            const state = (await this.states()).get(keyOf(part));
            failures.push({ part, reason: state?.reason ?? 'unknown failure' });
          }
          if (result === 'stopped') return { failures };
          if (result === 'deferred') {
            // The budget is the agents' for now: wait for room, then go on.
            await sleep(DEFER_MS, undefined, { signal: this.abort.signal }).catch(() => undefined);
            break;
          }
        }
      }
      return { failures };
    } finally {
      this.busy = false;
    }
  }

  /** The parts there are now: contact books and teams come from the mirror itself. */
  async plan(): Promise<Part[]> {
    const [books, teams] = await Promise.all([
      this.options.store.recordsOfKind('contact_books'),
      this.options.store.recordsOfKind('teams'),
    ]);
    return planParts({ books: books.map((book) => book.id), teams: teams.map((team) => team.id) });
  }

  private async states(): Promise<Map<string, SyncStateRow>> {
    const rows = await this.options.store.syncStates();
    return new Map(rows.map((row) => [keyOf(row), row]));
  }

  private async loop(): Promise<void> {
    const { signal } = this.abort;
    // A call, not a property read: TypeScript would otherwise take the flag
    // checked by the while for constant across the awaits below.
    const stopped = () => signal.aborted;
    while (!stopped()) {
      let wakeAt = this.clock() + this.options.intervalMs;
      try {
        const states = await this.states();
        const now = this.clock();
        const parts = (await this.plan()).map((part) =>
          this.schedule(part, states.get(keyOf(part))),
        );
        const next = nextTurn(parts, now);
        if (next && 'part' in next) {
          const { part } = next;
          let stored = 0;
          const result = await this.turn(part, states.get(keyOf(part)), (event) => {
            stored += event.stored;
          });
          this.lastTurnAt.set(keyOf(part), this.clock());
          // Told part by part: a contact edit shows before slower parts are read.
          if (stored > 0) this.options.onChanged?.([part.object]);
          if (result !== 'deferred') continue;
          // Agents have the budget now: try again shortly, from where it stood.
          wakeAt = this.clock() + DEFER_MS;
        } else if (next) {
          wakeAt = next.wakeAt;
        }
      } catch (error) {
        // The store itself failed: say so and try again after a pause, never crash the server.
        this.options.onError?.(error);
        wakeAt = this.clock() + this.backoff.first;
      }
      await sleep(Math.max(0, wakeAt - this.clock()), undefined, { signal }).catch(() => undefined);
    }
  }

  private schedule(part: Part, state: SyncStateRow | undefined): Scheduled {
    const heard = this.clock() - this.webhookHeardAt < WEBHOOKS_HEARD_MS;
    const periodMs = cadenceOf(part.object, heard) * this.options.intervalMs;
    const scheduled = (dueAt: number, first = false) => ({ part, first, dueAt, periodMs });
    if (state?.state === 'failing' && state.retryAt !== null) return scheduled(state.retryAt);
    // A walk under way has its next pages due since its last turn (at once after a restart).
    if (state?.cursor != null) return scheduled(this.lastTurnAt.get(keyOf(part)) ?? 0);
    if (state?.lastSuccessAt == null) return scheduled(0, true);
    return scheduled(state.lastSuccessAt + periodMs);
  }

  /** Up to PAGES_PER_TURN pages of one part; a failure is recorded with its backoff. */
  private async turn(
    part: Part,
    state: SyncStateRow | undefined,
    onPage?: (event: PageEvent) => void,
  ): Promise<TurnResult> {
    let cursor = parseCursor(state?.cursor ?? null);
    try {
      for (let page = 0; page < PAGES_PER_TURN; page++) {
        if (this.abort.signal.aborted) return 'stopped';
        const result = await this.step(part, state, cursor);
        onPage?.({ part, stored: result.stored, done: result.cursor === null });
        if (result.cursor === null) return 'done';
        cursor = result.cursor;
      }
      return 'more';
    } catch (error) {
      if (this.abort.signal.aborted) return 'stopped';
      // Waiting for budget is the background lane working as meant: the part
      // keeps its state (and its cursor) and goes on when there is room.
      if (error instanceof SyncFailure && error.deferred) return 'deferred';
      await this.recordFailure(part, state, error);
      return 'failed';
    }
  }

  private async recordFailure(
    part: Part,
    state: SyncStateRow | undefined,
    error: unknown,
  ): Promise<void> {
    const failures = (state?.failures ?? 0) + 1;
    const wait = Math.min(this.backoff.max, this.backoff.first * 2 ** (failures - 1));
    const reason = error instanceof Error ? error.message : String(error);
    await this.options.store.recordFailure(part.object, part.scope, reason, this.clock() + wait);
    if (error instanceof SyncFailure) this.options.onFailure?.(part, error);
    else this.options.onError?.(error);
  }

  /** One page (or one whole short list); returns the walk to go on with, null when over. */
  private async step(
    part: Part,
    state: SyncStateRow | undefined,
    cursor: Cursor | null,
  ): Promise<{ stored: number; cursor: Cursor | null }> {
    const checkpoint = state?.checkpoint ?? null;
    switch (part.object) {
      case 'contacts':
        return this.contactsPage(
          part,
          resume(cursor, 'offset', () => startOffsetWalk(checkpoint), this.clock),
        );
      case 'conversations':
      case 'tasks':
        return this.timePage(
          part,
          resume(cursor, 'time', () => startTimeWalk(checkpoint), this.clock),
        );
      default:
        return { stored: await this.refreshList(part), cursor: null };
    }
  }

  private async contactsPage(
    part: Part,
    { startedAt, walk }: { startedAt: number; walk: OffsetWalk },
  ): Promise<{ stored: number; cursor: Cursor | null }> {
    const query: Record<string, string> = {
      contact_book: part.scope,
      order: 'last_modified',
      limit: String(LIST_LIMIT),
      offset: String(walk.offset),
      // A first load has nothing to delete, so it leaves deleted contacts out.
      ...(walk.since === null
        ? {}
        : { modified_since: String(walk.since), include_deleted: 'true' }),
    };
    const requestedAt = this.clock();
    const { contacts } = await this.options.reads.read(part, 'listContacts', {
      query,
      signal: this.abort.signal,
    });
    const region = this.options.region;
    const records = contacts.flatMap((contact) =>
      contact.deleted ? [] : [contactWrite(contact, requestedAt, region)],
    );
    const deleted = contacts.flatMap((contact) => (contact.deleted ? [contact.id] : []));
    const next = advanceOffsetWalk(
      walk,
      contacts.map((contact) => contact.modified_at),
      LIST_LIMIT,
    );
    return this.storePage(
      part,
      startedAt,
      next,
      {
        records,
        deletes: [{ kind: 'contacts', ids: deleted }],
      },
      contacts.length,
    );
  }

  private async timePage(
    part: Part,
    { startedAt, walk }: { startedAt: number; walk: TimeWalk },
  ): Promise<{ stored: number; cursor: Cursor | null }> {
    const query: Record<string, string> = {
      limit: String(TIME_LIMIT),
      ...(walk.until === null ? {} : { until: String(walk.until) }),
    };
    const requestedAt = this.clock();
    const signal = this.abort.signal;
    if (part.object === 'conversations') {
      const { conversations } = await this.options.reads.read(part, 'listConversations', {
        query: { ...query, ...mailboxQuery(part.scope) },
        signal,
      });
      const next = advanceTimeWalk(walk, conversations.map(activityOf), TIME_LIMIT);
      const region = this.options.region;
      return this.storePage(
        part,
        startedAt,
        next,
        {
          records: conversations.map((conversation) =>
            conversationWrite(conversation, requestedAt, { region }),
          ),
        },
        conversations.length,
      );
    }
    const { tasks } = await this.options.reads.read(part, 'listTasks', {
      query: { ...query, type: 'all' },
      signal,
    });
    const next = advanceTimeWalk(
      walk,
      tasks.map((task) => task.last_activity_at),
      TIME_LIMIT,
    );
    return this.storePage(
      part,
      startedAt,
      next,
      {
        records: tasks.map((task) => taskWrite(task, requestedAt)),
      },
      tasks.length,
    );
  }

  /** Stores a page with where its walk now stands, in one transaction. */
  private async storePage<W extends Walk>(
    part: Part,
    startedAt: number,
    next: Step<W>,
    change: MirrorWrite,
    stored: number,
  ): Promise<{ stored: number; cursor: Cursor | null }> {
    const cursor = next.done ? null : { startedAt, walk: next.walk };
    const progress: Progress = {
      object: part.object,
      scope: part.scope,
      cursor: cursor && JSON.stringify(cursor),
      ...(next.done
        ? { finished: { checkpoint: next.checkpoint, at: this.clock(), confirmedAt: startedAt } }
        : {}),
    };
    await this.options.store.write({ ...change, progress });
    return { stored, cursor };
  }

  /**
   * Objects read whole each time (the lists are short): every page is read
   * first and then stored at once, so a failing page changes nothing, and
   * what the list no longer holds leaves the mirror.
   */
  private async refreshList(part: Part): Promise<number> {
    const startedAt = this.clock();
    const records = await this.fetchList(part, startedAt);
    const books = part.object === 'contact_books' ? records.map((record) => record.id) : undefined;
    await this.options.store.write({
      records,
      replace: {
        kind: part.object,
        before: startedAt,
        ...(part.object === 'contact_groups' ? { parentId: part.scope } : {}),
      },
      // A book that is gone (deleted, or no longer shared with the token's owner) takes its contacts along.
      ...(books ? { orphans: { kinds: ['contacts', 'contact_groups'], parents: books } } : {}),
      progress: {
        object: part.object,
        scope: part.scope,
        cursor: null,
        finished: { checkpoint: null, at: this.clock(), confirmedAt: startedAt },
      },
    });
    return records.length;
  }

  /** Every page of a list paged by offset, as records to store. */
  private async fetchList(part: Part, at: number): Promise<RecordWrite[]> {
    const list = async <N extends SyncRead>(
      name: N,
      pick: (answer: EndpointResponse<N>) => readonly { id: string }[],
      filter: Record<string, string> = {},
    ): Promise<{ id: string }[]> => {
      const all: { id: string }[] = [];
      for (let offset = 0; ; offset += LIST_LIMIT) {
        const query = { ...filter, limit: String(LIST_LIMIT), offset: String(offset) };
        const items = pick(
          await this.options.reads.read(part, name, { query, signal: this.abort.signal }),
        );
        all.push(...items);
        if (items.length < LIST_LIMIT) return all;
      }
    };
    const plain = (records: readonly { id: string }[], parentId: string | null = null) =>
      records.map((record) => plainWrite(part.object, record, at, parentId));
    switch (part.object) {
      case 'organizations':
        return plain(await list('listOrganizations', (answer) => answer.organizations));
      case 'users':
        return plain(await list('listUsers', (answer) => answer.users));
      case 'teams':
        return plain(await list('listTeams', (answer) => answer.teams));
      case 'shared_labels':
        return plain(await list('listSharedLabels', (answer) => answer.shared_labels));
      case 'contact_books':
        return plain(await list('listContactBooks', (answer) => answer.contact_books));
      case 'responses':
        return plain(await list('listResponses', (answer) => answer.responses));
      case 'contact_groups': {
        // Missive lists a book's groups and its organizations apart; a group
        // is kept with its kind, which the answer may leave out.
        const groups = [];
        for (const kind of ['group', 'organization'] as const) {
          const byKind = (answer: EndpointResponse<'listContactGroups'>) =>
            answer.contact_groups.map((group) => ({ ...group, kind: group.kind ?? kind }));
          groups.push(
            ...(await list('listContactGroups', byKind, { contact_book: part.scope, kind })),
          );
        }
        return plain(groups, part.scope);
      }
      default:
        throw new Error(`${part.object} is not read as a whole list`);
    }
  }
}

function keyOf(part: Part): string {
  return `${part.object} ${part.scope}`;
}

function sameKey(a: Part, b: Part): boolean {
  return keyOf(a) === keyOf(b);
}

function parseCursor(text: string | null): Cursor | null {
  if (text === null) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(text));
    // A cursor this version cannot read costs a walk from the checkpoint, nothing more.
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The walk a stored cursor describes, or a new one when there is none of this type. */
function resume<T extends Walk['type']>(
  cursor: Cursor | null,
  type: T,
  start: () => Extract<Walk, { type: T }>,
  clock: () => number,
): { startedAt: number; walk: Extract<Walk, { type: T }> } {
  if (cursor && isWalkOf(cursor.walk, type))
    return { startedAt: cursor.startedAt, walk: cursor.walk };
  return { startedAt: clock(), walk: start() };
}

function isWalkOf<T extends Walk['type']>(walk: Walk, type: T): walk is Extract<Walk, { type: T }> {
  return walk.type === type;
}
