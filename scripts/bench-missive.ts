/**
 * The benchmarks' Missive: emulators seeded alike (so ids read from one hold
 * in another), the catalog of conversations every simulated agent knows
 * before a run, one upstream round trip as a yardstick, and the gateway's
 * mirror of Missive, waited for until its initial load is done.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { contactBooksResponse } from '@crm/shared/missive/contacts';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { conversationsResponse, type Conversation } from '@crm/shared/missive/conversations';
import { usersResponse } from '@crm/shared/missive/people';
import { DEFAULT_RATE_LIMITS, parseRateLimits } from '@crm/shared/rate-limits';
import { syncReportSchema, type SyncReport } from '@crm/shared/sync';
import { readConfig } from '../server/src/config/config';
import { startEmulator, type RunningEmulator } from '../server/src/emulator/serve';
import { syncSettings, type MirrorOptions } from '../server/src/mirror/mirror';
import { summariseLatency } from './bench-stats';

/** Missive's real limits: what every mode's emulator enforces and the gateway keeps to. */
export const MISSIVE_LIMITS = DEFAULT_RATE_LIMITS;
/** Limits nobody reaches, for setup reads and the emulator's own benchmark. */
export const UNLIMITED_LIMITS = 'concurrent=1000,1000000/1s';
export const BENCH_TOKEN = 'bench-token-0123456789';
/**
 * Every emulator here, the harness's included, is seeded with 1, so they hold
 * the same ids: the catalog read from one is valid against the others.
 */
const SEED = 1;

/**
 * A quiet organisation (no simulated activity, so every run sees the same
 * data) enforcing `limits`; `scale` grows it (EMULATOR_SCALE).
 */
export async function startBenchEmulator(
  limits: string,
  latencyMs: number,
  scale = 1,
): Promise<RunningEmulator> {
  return startEmulator({
    EMULATOR_TOKEN: BENCH_TOKEN,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: 0,
    EMULATOR_RATE_LIMITS: parseRateLimits(limits),
    EMULATOR_LATENCY_MS: latencyMs,
    EMULATOR_REPORT_DELAY_MS: 3000,
    EMULATOR_REPORT_TTL_MS: 60_000,
    EMULATOR_SEED: SEED,
    EMULATOR_ACTIVITY: null,
    EMULATOR_SCALE: scale,
  });
}

/** A GET against the emulator with the bench token; anything but 2xx is an error. */
export function jsonGetter(baseUrl: string): (path: string) => Promise<unknown> {
  return async (path) => {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${BENCH_TOKEN}` },
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json();
  };
}

/** Every page of the All mailbox, 50 a page, walked with `until` as Missive pages it. */
export async function walkAllMailbox(
  get: (path: string) => Promise<unknown>,
): Promise<{ pages: number; conversations: Conversation[] }> {
  const conversations: Conversation[] = [];
  let until: number | undefined;
  let pages = 0;
  for (;;) {
    const page = conversationsResponse.parse(
      await get(`/conversations?all=true&limit=50${until ? `&until=${until}` : ''}`),
    );
    pages += 1;
    conversations.push(...page.conversations);
    const last = page.conversations.at(-1)?.last_activity_at;
    if (page.conversations.length < 50 || last === undefined) return { pages, conversations };
    until = last;
  }
}

export interface CatalogConversation {
  id: string;
  /** Authors outside the organisation: the people the sidebar looks up. */
  emails: string[];
}

export interface Catalog {
  /** Newest activity first, as the mailbox lists them. */
  conversations: CatalogConversation[];
  /** Books shared with the organisation, a team or users: where the sidebar searches. */
  sharedBooks: string[];
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The organisation's own email domains: its users'. Authors there are the team, not customers. */
export function ownDomainsOf(users: readonly { email: string }[]): Set<string> {
  return new Set(users.map((user) => domainOf(user.email)));
}

function isShared(book: ContactBook): boolean {
  return (
    book.share_with_organization ||
    book.share_with_team !== null ||
    book.share_with_users.length > 0
  );
}

/** The external author addresses of a conversation, once each, in order of appearance. */
export function externalEmails(
  conversation: Pick<Conversation, 'authors'>,
  ownDomains: ReadonlySet<string>,
): string[] {
  const emails = new Map<string, string>();
  for (const author of conversation.authors) {
    const address = author.address;
    if (!address?.includes('@') || ownDomains.has(domainOf(address))) continue;
    if (!emails.has(address.toLowerCase())) emails.set(address.toLowerCase(), address);
  }
  return [...emails.values()];
}

/**
 * What every agent knows before the run: the conversations and the shared
 * books. Read from an emulator of its own, so the setup spends nothing from
 * the budgets being measured (the gateway could not know about such calls).
 */
export async function loadCatalog(): Promise<Catalog> {
  const emulator = await startBenchEmulator(UNLIMITED_LIMITS, 0);
  try {
    const get = jsonGetter(emulator.baseUrl);
    const { users } = usersResponse.parse(await get('/users'));
    const ownDomains = ownDomainsOf(users);
    const books = contactBooksResponse.parse(await get('/contact_books')).contact_books;
    const seen = new Set<string>();
    const conversations: CatalogConversation[] = [];
    for (const conversation of (await walkAllMailbox(get)).conversations) {
      if (seen.has(conversation.id)) continue;
      seen.add(conversation.id);
      conversations.push({ id: conversation.id, emails: externalEmails(conversation, ownDomains) });
    }
    const sharedBooks = books.filter(isShared).map((book) => book.id);
    if (!conversations.length || !sharedBooks.length) {
      throw new Error('the emulator seed has no conversations or no shared contact book');
    }
    return { conversations, sharedBooks };
  } finally {
    await emulator.stop();
  }
}

/**
 * One upstream round trip as the agents' yardstick: the median of `rounds`
 * reads of one conversation from an emulator with `latencyMs`, measured
 * apart from any run (no limiter in the way, nothing else running).
 */
export async function measureRoundTrip(
  latencyMs: number,
  conversationId: string,
  rounds = 20,
): Promise<number> {
  const emulator = await startBenchEmulator(UNLIMITED_LIMITS, latencyMs);
  try {
    const get = jsonGetter(emulator.baseUrl);
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      await get(`/conversations/${encodeURIComponent(conversationId)}`);
      times.push(performance.now() - started);
    }
    return summariseLatency(times).p50Ms;
  } finally {
    await emulator.stop();
  }
}

// --- The gateway's mirror --------------------------------------------------------

/** The sync's settings a gateway has when nothing is configured (SYNC_BUDGET_SHARE…). */
export function defaultSyncSettings(): Pick<
  MirrorOptions,
  'limits' | 'budgetShare' | 'intervalMs'
> {
  const { limits, budgetShare, intervalMs } = syncSettings(readConfig({}));
  return { limits, budgetShare, intervalMs };
}

/** GET /api/sync of a running gateway at `origin`. */
export async function fetchSyncReport(origin: string, key: string): Promise<SyncReport> {
  const response = await fetch(`${origin}/api/sync`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  if (!response.ok) throw new Error(`/api/sync answered ${response.status}`);
  return syncReportSchema.parse(await response.json());
}

/** Whether every object of the mirror has finished its initial load, and none is failing. */
export function mirrorIsLive(report: SyncReport): boolean {
  return report.objects.length > 0 && report.objects.every((object) => object.state === 'live');
}

/** Objects not live yet, with their progress or why they fail: "contacts 1/3 parts, …". */
export function describeMirrorProgress(report: SyncReport): string {
  const pending = report.objects.filter((object) => object.state !== 'live');
  if (!pending.length) return 'every object live';
  return pending
    .map((object) =>
      object.state === 'failing'
        ? `${object.object} failing (${object.reason ?? 'no reason given'})`
        : `${object.object} ${object.parts.done}/${object.parts.total} parts`,
    )
    .join(', ');
}

/**
 * Polls `read` (GET /api/sync, or the reader in-process) until the mirror is
 * live; fails past `timeoutMs`, saying what was still loading or failing.
 * Resolves with the live report and how long the wait took.
 */
export async function waitForLiveMirror(
  read: () => Promise<SyncReport>,
  { timeoutMs, pollMs = 250 }: { timeoutMs: number; pollMs?: number },
): Promise<{ report: SyncReport; waitedMs: number }> {
  const started = performance.now();
  for (;;) {
    const report = await read();
    const waitedMs = performance.now() - started;
    if (mirrorIsLive(report)) return { report, waitedMs };
    if (waitedMs > timeoutMs) {
      throw new Error(
        `the mirror was not live after ${(timeoutMs / 1000).toFixed(0)} s: ${describeMirrorProgress(report)}`,
      );
    }
    await sleep(pollMs);
  }
}
