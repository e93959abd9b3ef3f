/**
 * The gateway benchmark of issue #3: a team of simulated agents switching
 * conversations in the sidebar, plus a background contact sync, against an
 * emulator that enforces Missive's real limits with a realistic latency.
 * The same agents run twice in one process, each time against a fresh
 * emulator: once through the real gateway (scheduler, fair queues, cache,
 * coalescing) and once through a naive pass-through, so the two columns of
 * the report differ only in what sits between the sidebars and "Missive".
 *
 * Counts of what reached Missive come from the emulator itself (its limiter
 * and a tap on its HTTP server), never from the gateway's own bookkeeping:
 * the point is to check that bookkeeping, not to repeat it.
 */
import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  RequestListener,
  Server,
  ServerResponse,
} from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { contactBooksResponse, contactListResponse } from '@crm/shared/missive/contacts';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { conversationsResponse, type Conversation } from '@crm/shared/missive/conversations';
import { usersResponse } from '@crm/shared/missive/people';
import { DEFAULT_RATE_LIMITS, parseRateLimits } from '@crm/shared/rate-limits';
import { startEmulator, type RunningEmulator } from '../server/src/emulator/serve';
import { listen } from '../server/src/http/listen';
import { ACCESS_KEY, startGatewayHarness } from '../server/src/test/gateway-harness';

// --- Statistics and formatting (pure; unit-tested) -------------------------

/**
 * The value at rank ⌊(n − 1)·p⌋ of an ascending list, 0 for an empty one.
 * Nearest-rank without interpolation: every number reported is one that was
 * actually measured. Shared with the emulator benchmark in bench.ts.
 */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
}

export function summariseLatency(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) };
}

export interface StatusCounts {
  /** Every answer received (a request that could not connect counts as status 0). */
  total: number;
  /** 2xx. */
  served: number;
  /** 429: Missive's refusal, passed on (naive) or left after the gateway's retries. */
  rateLimited: number;
  /** 503: the gateway shed the request because the budget had no room before its deadline. */
  shed: number;
  otherFailed: number;
}

export function countStatuses(statuses: readonly number[]): StatusCounts {
  const counts: StatusCounts = { total: 0, served: 0, rateLimited: 0, shed: 0, otherFailed: 0 };
  for (const status of statuses) {
    counts.total += 1;
    if (status >= 200 && status < 300) counts.served += 1;
    else if (status === 429) counts.rateLimited += 1;
    else if (status === 503) counts.shed += 1;
    else counts.otherFailed += 1;
  }
  return counts;
}

/** The most times (ms, ascending) that fall within any one window of `windowMs`. */
export function peakInWindow(sorted: readonly number[], windowMs: number): number {
  let peak = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    const end = sorted[last] ?? 0;
    while ((sorted[first] ?? end) <= end - windowMs) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
}

/** a ÷ b, or null when b is 0 (a ratio to nothing is not a number worth printing). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

export type Align = 'left' | 'right';

/** A plain-text table: columns padded to their widest cell, the first left-aligned by default. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = header.map((_, index) => (index === 0 ? 'left' : 'right')),
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return align[column] === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

export type Unit = 'count' | 'ms' | 'per' | 'share';

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'count':
      return String(Math.round(value));
    case 'ms':
      return value.toFixed(0);
    case 'per':
      return value.toFixed(2);
    case 'share':
      return `${(value * 100).toFixed(1)} %`;
  }
}

/**
 * A Weyl sequence through murmur3's finaliser: tiny, replayable unlike
 * Math.random, and well mixed even for neighbouring seeds (agent 1, agent 2…).
 */
export function createRng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4_294_967_296;
  };
}

// --- Options ---------------------------------------------------------------

export interface GatewayBenchOptions {
  agents: number;
  /** How long agents keep starting switches; a switch under way at the end is awaited. */
  seconds: number;
  /** The emulator's mean added latency per request. */
  latencyMs: number;
  seed: number;
  /** Share of switches to one of the `popularCount` newest conversations. */
  popularShare: number;
  popularCount: number;
  /** Pause between switches, drawn uniformly from [min, max). */
  thinkMs: readonly [number, number];
  /** Progress lines (which mode is running); nothing is printed without it. */
  log?: (line: string) => void;
}

export const DEFAULT_GATEWAY_BENCH_OPTIONS: Omit<GatewayBenchOptions, 'log'> = {
  agents: 20,
  seconds: 60,
  latencyMs: 120,
  seed: 1,
  popularShare: 0.3,
  popularCount: 20,
  thinkMs: [2000, 6000],
};

/**
 * A BENCH_* whole number from the environment: the fallback when unset or
 * blank, an error naming the variable and its range otherwise. Shared by
 * every benchmark so they all read their settings alike.
 */
export function readNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  [min, max]: readonly [number, number],
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}=${raw} is not understood: give a whole number from ${min} to ${max}`);
  }
  return value;
}

/** BENCH_LATENCY_MS: the emulator's mean added latency, for every benchmark that starts one. */
export function readLatencyMs(env: Readonly<Record<string, string | undefined>>): number {
  return readNumber(env, 'BENCH_LATENCY_MS', DEFAULT_GATEWAY_BENCH_OPTIONS.latencyMs, [0, 10_000]);
}

/**
 * BENCH_AGENTS, BENCH_SECONDS, BENCH_LATENCY_MS and BENCH_SEED. Runs are
 * capped at 10 minutes because upstream calls are read from the emulator's
 * 15-minute window, which must still hold the whole run.
 */
export function gatewayBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): GatewayBenchOptions {
  const defaults = DEFAULT_GATEWAY_BENCH_OPTIONS;
  return {
    ...defaults,
    agents: readNumber(env, 'BENCH_AGENTS', defaults.agents, [1, 500]),
    seconds: readNumber(env, 'BENCH_SECONDS', defaults.seconds, [1, 600]),
    latencyMs: readLatencyMs(env),
    seed: readNumber(env, 'BENCH_SEED', defaults.seed, [0, 1_000_000]),
  };
}

// --- Emulators and the catalog of conversations -----------------------------

/** Missive's real limits: what both modes' emulators enforce and the gateway keeps to. */
export const MISSIVE_LIMITS = DEFAULT_RATE_LIMITS;
/** Limits nobody reaches, for setup reads and the emulator's own benchmark. */
export const UNLIMITED_LIMITS = 'concurrent=1000,1000000/1s';
export const BENCH_TOKEN = 'bench-token-0123456789';
/**
 * Every emulator here, the harness's included, is seeded with 1, so they hold
 * the same ids: the catalog read from one is valid against the others.
 */
const SEED = 1;

export async function startBenchEmulator(
  limits: string,
  latencyMs: number,
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
    const ownDomains = new Set(users.map((user) => domainOf(user.email)));
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

// --- What an agent does ------------------------------------------------------

/**
 * The reads a sidebar makes when its agent opens a conversation. The authors
 * come with Missive's conversation-change event in the iFrame, so every read
 * can start at once; the sidebar does start them together.
 */
export function sidebarReads(
  conversation: CatalogConversation,
  books: readonly string[],
): string[] {
  const id = encodeURIComponent(conversation.id);
  const reads = [
    `/conversations/${id}`,
    `/conversations/${id}/messages`,
    `/conversations/${id}/comments`,
    '/shared_labels',
    '/users',
  ];
  for (const email of conversation.emails) {
    const search = encodeURIComponent(email);
    for (const book of books) {
      reads.push(`/contacts?contact_book=${encodeURIComponent(book)}&search=${search}`);
    }
    reads.push(`/conversations?all=true&email=${search}&limit=10`);
  }
  return reads;
}

/** Mostly anywhere in the mailbox, sometimes one of the conversations everyone is on. */
export function pickConversation(
  rng: () => number,
  conversations: readonly CatalogConversation[],
  options: Pick<GatewayBenchOptions, 'popularShare' | 'popularCount'>,
): CatalogConversation {
  const pool =
    rng() < options.popularShare ? conversations.slice(0, options.popularCount) : conversations;
  const picked = pool[Math.floor(rng() * pool.length)];
  if (!picked) throw new Error('no conversation to pick from');
  return picked;
}

type Lane = 'interactive' | 'background';

interface Sample {
  lane: Lane;
  status: number;
  ms: number;
  /** X-Gateway-Source: cache, coalesced or upstream; null through the naive proxy. */
  source: string | null;
}

interface SwitchSample {
  ms: number;
  /** Every read answered 2xx: the sidebar showed everything. */
  complete: boolean;
}

interface Answer {
  sample: Sample;
  body: string;
  retryAfter: string | null;
}

interface RunContext {
  options: GatewayBenchOptions;
  catalog: Catalog;
  /** e.g. http://127.0.0.1:1234/api/missive/v1 */
  apiBase: string;
  endAt: number;
  samples: Sample[];
  switches: SwitchSample[];
}

/** One timed GET; the time runs until the whole body has arrived. Undefined if aborted. */
async function timedGet(
  run: RunContext,
  path: string,
  agent: string,
  lane: Lane,
  signal?: AbortSignal,
): Promise<Answer | undefined> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${ACCESS_KEY}`,
    'X-Agent-Id': agent,
  };
  if (lane === 'background') headers['X-Priority'] = 'background';
  const started = performance.now();
  let answer: Omit<Answer, 'sample'> & { status: number; source: string | null };
  try {
    const response = await fetch(`${run.apiBase}${path}`, { headers, signal: signal ?? null });
    answer = {
      status: response.status,
      body: await response.text(),
      source: response.headers.get('x-gateway-source'),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch {
    if (signal?.aborted) return undefined;
    // Could not connect or the connection broke: a failure the agent sees.
    answer = { status: 0, body: '', source: null, retryAfter: null };
  }
  const sample: Sample = {
    lane,
    status: answer.status,
    ms: performance.now() - started,
    source: answer.source,
  };
  run.samples.push(sample);
  return { sample, body: answer.body, retryAfter: answer.retryAfter };
}

async function runAgent(run: RunContext, index: number): Promise<void> {
  const { options, catalog } = run;
  const rng = createRng(options.seed * 1000 + index);
  const agent = `agent-${index + 1}`;
  const [minThink, maxThink] = options.thinkMs;
  // The team is mid-shift, not all clicking at the same instant.
  await sleep(rng() * minThink);
  while (performance.now() < run.endAt) {
    const conversation = pickConversation(rng, catalog.conversations, options);
    const started = performance.now();
    const answers = await Promise.all(
      sidebarReads(conversation, catalog.sharedBooks).map((path) =>
        timedGet(run, path, agent, 'interactive'),
      ),
    );
    run.switches.push({
      ms: performance.now() - started,
      complete: answers.every(
        (answer) =>
          answer !== undefined && answer.sample.status >= 200 && answer.sample.status < 300,
      ),
    });
    const think = minThink + rng() * (maxThink - minThink);
    if (performance.now() + think >= run.endAt) return;
    await sleep(think);
  }
}

const SYNC_PAGE = 200;
/**
 * Between passes over the books. Without it the sync, answered from the
 * gateway's cache within the TTL, would spin as fast as the CPU allows and
 * the benchmark would measure its own loop instead of the agents' reads.
 */
const SYNC_PASS_PAUSE_MS = 1000;

/**
 * A contact sync walking every shared book, page after page, for the whole
 * run. Like any well-behaved job it waits out a 429 or 503 as told, so the
 * naive mode is not flooded with refusals a real job would not send.
 */
async function runSync(run: RunContext, signal: AbortSignal): Promise<void> {
  const books = run.catalog.sharedBooks;
  let bookIndex = 0;
  let offset = 0;
  try {
    while (!signal.aborted) {
      const book = books[bookIndex] ?? '';
      const path = `/contacts?contact_book=${encodeURIComponent(book)}&order=last_modified&limit=${SYNC_PAGE}&offset=${offset}`;
      const answer = await timedGet(run, path, 'contact-sync', 'background', signal);
      if (!answer) return;
      if (answer.sample.status === 200) {
        const page = contactListResponse.parse(JSON.parse(answer.body));
        if (page.contacts.length < SYNC_PAGE) {
          bookIndex = (bookIndex + 1) % books.length;
          offset = 0;
          if (bookIndex === 0) await sleep(SYNC_PASS_PAUSE_MS, undefined, { signal });
        } else offset += SYNC_PAGE;
      } else {
        const seconds = Number(answer.retryAfter);
        await sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, undefined, {
          signal,
        });
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

// --- The two modes -------------------------------------------------------------

export type Mode = 'gateway' | 'naive';

interface GatewayInternals {
  /** How the gateway answered the agents' reads, by X-Gateway-Source. */
  sources: { cache: number; coalesced: number; upstream: number };
  /** The scheduler's own count of requests refused at their deadline. */
  shed: number;
  /** 429s the gateway received and waited out (its view; the emulator's is in `upstream`). */
  rateLimitedSeen: number;
  retried: number;
  cacheHitRate: number;
  /** Errors the app reported as unexpected (5xx it did not mean). */
  unexpectedErrors: number;
}

interface Target {
  apiBase: string;
  emulator: RunningEmulator;
  internals: (() => Omit<GatewayInternals, 'sources'>) | undefined;
  stop: () => Promise<void>;
}

const API_PREFIX = '/api/missive/v1';

/** The real stack: emulator, gateway and app, as the integration tests build it. */
async function startGatewayTarget(options: GatewayBenchOptions): Promise<Target> {
  const harness = await startGatewayHarness({
    emulatorLimits: MISSIVE_LIMITS,
    gatewayLimits: MISSIVE_LIMITS,
    latencyMs: options.latencyMs,
  });
  return {
    apiBase: `${harness.base}${API_PREFIX}`,
    emulator: harness.emulator,
    internals: () => {
      const report = harness.gateway.limits();
      return {
        shed: report.queues.shed,
        rateLimitedSeen: report.upstream.rateLimited,
        retried: report.upstream.retried,
        cacheHitRate: report.cache.hitRate,
        unexpectedErrors: harness.unexpected.length,
      };
    },
    stop: harness.stop,
  };
}

/**
 * What a sidebar would get without the gateway: each request sent to Missive
 * with the token the moment it arrives, the answer passed back unchanged. No
 * cache, no coalescing, no queue, no limiter.
 */
function passThrough(upstreamBase: string): RequestListener {
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    if (!url.startsWith(`${API_PREFIX}/`)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const upstream = await fetch(`${upstreamBase}${url.slice(API_PREFIX.length)}`, {
        headers: { Authorization: `Bearer ${BENCH_TOKEN}` },
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      const headers: OutgoingHttpHeaders = {};
      for (const name of ['content-type', 'retry-after']) {
        const value = upstream.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      res.writeHead(upstream.status, headers).end(body);
    } catch {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('the emulator could not be reached');
    }
  };
  return (req, res) => {
    void forward(req, res);
  };
}

async function startNaiveTarget(options: GatewayBenchOptions): Promise<Target> {
  const emulator = await startBenchEmulator(MISSIVE_LIMITS, options.latencyMs);
  try {
    const proxy = await listen(passThrough(emulator.baseUrl), 0, '127.0.0.1');
    return {
      apiBase: `http://127.0.0.1:${proxy.port}${API_PREFIX}`,
      emulator,
      internals: undefined,
      stop: async () => {
        await proxy.close();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

interface Tally {
  admitted: number;
  rejected: number;
}

interface UpstreamTap {
  sidebar: Tally;
  sync: Tally;
  /** When each admitted request arrived (ms epoch), for the busiest window. */
  admittedAt: number[];
}

/**
 * Watches the emulator's HTTP server to split what reached it between the
 * sidebars and the sync (only the sync orders by last_modified). Every
 * request ends in `close`, finished or cut off; the status it had then is
 * what the limiter decided, since the limiter answers its refusals at once.
 */
function tapUpstream(server: Server): UpstreamTap {
  const tap: UpstreamTap = {
    sidebar: { admitted: 0, rejected: 0 },
    sync: { admitted: 0, rejected: 0 },
    admittedAt: [],
  };
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const arrived = Date.now();
    const kind = (req.url ?? '').includes('order=last_modified') ? tap.sync : tap.sidebar;
    res.once('close', () => {
      if (res.statusCode === 429) {
        kind.rejected += 1;
        return;
      }
      kind.admitted += 1;
      tap.admittedAt.push(arrived);
    });
  });
  return tap;
}

/** The emulator's limiter: admitted within its longest window (the whole run), and refused. */
function limiterCounts(emulator: RunningEmulator): Tally {
  const snapshot = emulator.limiter.snapshot();
  return { admitted: snapshot.windows.at(-1)?.used ?? 0, rejected: snapshot.rejected };
}

export interface ModeResult {
  mode: Mode;
  /** From the first agent's start to the last switch's last answer. */
  elapsedS: number;
  switches: {
    completed: number;
    /** Every read of the switch answered 2xx. */
    fullyServed: number;
    /** Time until the sidebar had every answer, over fully served switches. */
    latency: LatencySummary;
  };
  interactive: StatusCounts & {
    /** Time to any answer, error or not. */
    latency: LatencySummary;
    /** Time to a 2xx answer. */
    servedLatency: LatencySummary;
  };
  background: StatusCounts;
  /** Missive-side truth, from the emulator. */
  upstream: {
    admitted: number;
    rejected429: number;
    sidebar: Tally;
    sync: Tally;
    /** Sidebar calls the emulator admitted, per completed switch. */
    perSwitch: number | null;
    /** Sidebar calls that reached the emulator, admitted or refused, per completed switch. */
    attemptsPerSwitch: number | null;
  };
  budget: {
    /**
     * What the tightest window (300/60 s) allows over the run: its limit per
     * window length, and at least one full window, since each run starts on
     * a fresh emulator whose whole first window is available at once.
     */
    allowedInRun: number;
    /** Admitted ÷ allowedInRun. */
    share: number;
    /** The busiest 60 s of the run ÷ 300: how close it came to a 429 for rate. */
    peakWindowShare: number;
    /** Admitted ÷ the 15-minute window's limit: how much of the next 15 minutes the run used up. */
    longWindowShare: number;
  };
  gateway: GatewayInternals | null;
}

function summariseMode(
  mode: Mode,
  run: RunContext,
  elapsedMs: number,
  upstream: UpstreamTap & { limiter: Tally },
  internals: Omit<GatewayInternals, 'sources'> | undefined,
): ModeResult {
  const interactive = run.samples.filter((sample) => sample.lane === 'interactive');
  const served = interactive.filter((sample) => sample.status >= 200 && sample.status < 300);
  const limits = parseRateLimits(MISSIVE_LIMITS);
  const tightest = limits.windows[0];
  const longest = limits.windows.at(-1);
  const allowedInRun = tightest
    ? (tightest.limit * Math.max(elapsedMs, tightest.windowMs)) / tightest.windowMs
    : 0;
  const admittedAt = [...upstream.admittedAt].sort((a, b) => a - b);
  const completed = run.switches.length;
  const sources = { cache: 0, coalesced: 0, upstream: 0 };
  for (const sample of served) {
    if (sample.source === 'cache' || sample.source === 'coalesced' || sample.source === 'upstream')
      sources[sample.source] += 1;
  }
  return {
    mode,
    elapsedS: elapsedMs / 1000,
    switches: {
      completed,
      fullyServed: run.switches.filter((sample) => sample.complete).length,
      latency: summariseLatency(
        run.switches.filter((sample) => sample.complete).map((sample) => sample.ms),
      ),
    },
    interactive: {
      ...countStatuses(interactive.map((sample) => sample.status)),
      latency: summariseLatency(interactive.map((sample) => sample.ms)),
      servedLatency: summariseLatency(served.map((sample) => sample.ms)),
    },
    background: countStatuses(
      run.samples.filter((sample) => sample.lane === 'background').map((sample) => sample.status),
    ),
    upstream: {
      admitted: upstream.limiter.admitted,
      rejected429: upstream.limiter.rejected,
      sidebar: upstream.sidebar,
      sync: upstream.sync,
      perSwitch: ratio(upstream.sidebar.admitted, completed),
      attemptsPerSwitch: ratio(upstream.sidebar.admitted + upstream.sidebar.rejected, completed),
    },
    budget: {
      allowedInRun,
      share: ratio(upstream.limiter.admitted, allowedInRun) ?? 0,
      peakWindowShare: tightest ? peakInWindow(admittedAt, tightest.windowMs) / tightest.limit : 0,
      longWindowShare: ratio(upstream.limiter.admitted, longest?.limit ?? 0) ?? 0,
    },
    gateway: internals ? { ...internals, sources } : null,
  };
}

async function runMode(
  mode: Mode,
  options: GatewayBenchOptions,
  catalog: Catalog,
): Promise<ModeResult> {
  const target =
    mode === 'gateway' ? await startGatewayTarget(options) : await startNaiveTarget(options);
  const stopSync = new AbortController();
  try {
    const tap = tapUpstream(target.emulator.server);
    const started = performance.now();
    const run: RunContext = {
      options,
      catalog,
      apiBase: target.apiBase,
      endAt: started + options.seconds * 1000,
      samples: [],
      switches: [],
    };
    // A failing sync ends the run at once rather than leaving a rejection unheard.
    const failure: { sync?: unknown } = {};
    const sync = runSync(run, stopSync.signal).catch((error: unknown) => {
      failure.sync = error;
      run.endAt = Math.min(run.endAt, performance.now());
    });
    const syncTimer = setTimeout(() => {
      stopSync.abort();
    }, options.seconds * 1000);
    try {
      await Promise.all(Array.from({ length: options.agents }, (_, index) => runAgent(run, index)));
    } finally {
      // After a failure the other agents stop at their next switch instead of running on.
      run.endAt = Math.min(run.endAt, performance.now());
      clearTimeout(syncTimer);
      stopSync.abort();
    }
    await sync;
    if ('sync' in failure) throw failure.sync;
    const elapsedMs = performance.now() - started;
    const upstream = { limiter: limiterCounts(target.emulator), ...tap };
    return summariseMode(mode, run, elapsedMs, upstream, target.internals?.());
  } finally {
    stopSync.abort();
    await target.stop();
  }
}

// --- The benchmark -------------------------------------------------------------

export interface ComparisonRow {
  key: string;
  label: string;
  /** A detail of the row above, indented in the table. */
  detail: boolean;
  unit: Unit;
  gateway: number | null;
  naive: number | null;
  /** gateway ÷ naive. */
  ratio: number | null;
}

export interface GatewayBenchResult {
  settings: {
    agents: number;
    seconds: number;
    latencyMs: number;
    seed: number;
    limits: string;
    popularShare: number;
    popularCount: number;
    thinkMs: readonly [number, number];
  };
  catalog: {
    conversations: number;
    sharedBooks: number;
    /** How many reads a switch makes: 5, plus (books + 1) per external author. */
    readsPerSwitch: { min: number; median: number; max: number };
  };
  gateway: ModeResult;
  naive: ModeResult;
  comparison: ComparisonRow[];
}

/** Key, label (indented: a detail of the row above), unit, and how to read it from a mode. */
type Metric = [string, string, Unit, (result: ModeResult) => number | null];

const METRICS: readonly Metric[] = [
  ['switches', 'conversation switches', 'count', (r) => r.switches.completed],
  [
    'switchesFullyServedShare',
    '  fully served (every read 2xx)',
    'share',
    (r) => ratio(r.switches.fullyServed, r.switches.completed),
  ],
  ['fullSidebarP50Ms', '  p50 ms to a full sidebar', 'ms', (r) => r.switches.latency.p50Ms],
  ['fullSidebarP95Ms', '  p95 ms to a full sidebar', 'ms', (r) => r.switches.latency.p95Ms],
  ['interactiveAnswered', 'interactive reads answered', 'count', (r) => r.interactive.total],
  ['interactiveServed', '  served (2xx)', 'count', (r) => r.interactive.served],
  ['answerP50Ms', '  p50 ms to an answer', 'ms', (r) => r.interactive.latency.p50Ms],
  ['answerP95Ms', '  p95 ms to an answer', 'ms', (r) => r.interactive.latency.p95Ms],
  ['servedP50Ms', '  p50 ms to a 2xx answer', 'ms', (r) => r.interactive.servedLatency.p50Ms],
  ['servedP95Ms', '  p95 ms to a 2xx answer', 'ms', (r) => r.interactive.servedLatency.p95Ms],
  ['interactive429', '  429 seen by the agent', 'count', (r) => r.interactive.rateLimited],
  ['interactiveShed', '  503 shed by the gateway', 'count', (r) => r.interactive.shed],
  ['interactiveOtherFailed', '  other failures', 'count', (r) => r.interactive.otherFailed],
  ['syncServed', 'sync pages served (2xx)', 'count', (r) => r.background.served],
  [
    'syncFailed',
    '  sync 429 / 503 / other',
    'count',
    (r) => r.background.total - r.background.served,
  ],
  [
    'requestsServed',
    'requests served, all (2xx)',
    'count',
    (r) => r.interactive.served + r.background.served,
  ],
  ['upstreamAdmitted', 'upstream calls admitted (emulator)', 'count', (r) => r.upstream.admitted],
  ['upstreamPerSwitch', '  by sidebars, per switch', 'per', (r) => r.upstream.perSwitch],
  [
    'upstreamAttemptsPerSwitch',
    '  sidebar attempts per switch',
    'per',
    (r) => r.upstream.attemptsPerSwitch,
  ],
  ['upstreamSync', '  by the sync', 'count', (r) => r.upstream.sync.admitted],
  ['upstream429', '429s received from upstream (target 0)', 'count', (r) => r.upstream.rejected429],
  ['budgetShare', 'share of the 300/60 s budget, run average', 'share', (r) => r.budget.share],
  ['budgetPeakWindowShare', '  in the busiest 60 s', 'share', (r) => r.budget.peakWindowShare],
  [
    'longWindowShare',
    'share of the 900/900 s window used',
    'share',
    (r) => r.budget.longWindowShare,
  ],
];

export function compareModes(gateway: ModeResult, naive: ModeResult): ComparisonRow[] {
  return METRICS.map(([key, label, unit, read]) => {
    const a = read(gateway);
    const b = read(naive);
    return {
      key,
      label: label.trim(),
      detail: label.startsWith(' '),
      unit,
      gateway: a,
      naive: b,
      ratio: a === null || b === null ? null : ratio(a, b),
    };
  });
}

export function formatGatewayReport(result: GatewayBenchResult): string {
  const { settings, catalog, gateway } = result;
  const rows = result.comparison.map((row) => [
    row.detail ? `  ${row.label}` : row.label,
    formatValue(row.gateway, row.unit),
    formatValue(row.naive, row.unit),
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
  ]);
  const internals = gateway.gateway;
  const notes = [
    `Gateway: ${settings.agents} agents switching every ${settings.thinkMs[0] / 1000}–${settings.thinkMs[1] / 1000} s (${settings.popularShare * 100} % to the ${settings.popularCount} newest) + a contact sync, ${settings.seconds} s, emulator latency ${settings.latencyMs} ms, limits ${settings.limits}`,
    `Catalog: ${catalog.conversations} conversations, ${catalog.sharedBooks} shared books, ${catalog.readsPerSwitch.min}–${catalog.readsPerSwitch.max} reads per switch (median ${catalog.readsPerSwitch.median}). One run: compare ratios, not absolute times.`,
    '',
    formatTable(['', 'gateway', 'naive', 'gateway ÷ naive'], rows),
    '',
  ];
  if (internals) {
    const { sources } = internals;
    const seen = gateway.interactive.shed + gateway.background.shed;
    const sharedShedding =
      seen > internals.shed
        ? ` (agents saw ${seen} 503s: a shed read also fails the identical reads coalesced onto it)`
        : '';
    notes.push(
      `Gateway answers to agents: ${sources.upstream} from Missive, ${sources.coalesced} coalesced, ${sources.cache} from cache (hit rate ${formatValue(internals.cacheHitRate, 'share')}); scheduler shed ${internals.shed}${sharedShedding}; 429s it saw ${internals.rateLimitedSeen}, retries ${internals.retried}; unexpected errors ${internals.unexpectedErrors}.`,
    );
  }
  notes.push(
    'Naive: every 429 above is a failed read the agent sees; the gateway instead waits, or sheds with 503 past its 10 s deadline.',
  );
  if (gateway.upstream.rejected429 > 0) {
    notes.push(
      `WARNING: Missive refused ${gateway.upstream.rejected429} of the gateway's calls with 429 (sidebar ${gateway.upstream.sidebar.rejected}, sync ${gateway.upstream.sync.rejected}): the gateway overran the budget.`,
    );
  }
  return notes.join('\n');
}

/** Runs the gateway mode, then the naive mode, each against a fresh emulator. */
export async function runGatewayBench(options: GatewayBenchOptions): Promise<GatewayBenchResult> {
  const catalog = await loadCatalog();
  const reads = catalog.conversations
    .map((conversation) => sidebarReads(conversation, catalog.sharedBooks).length)
    .sort((a, b) => a - b);
  // One after the other, never together: each mode gets the machine to itself.
  const log = (mode: Mode) =>
    options.log?.(
      `gateway bench: ${mode} mode, ${options.agents} agents for ${options.seconds} s…`,
    );
  log('gateway');
  const gateway = await runMode('gateway', options, catalog);
  log('naive');
  const naive = await runMode('naive', options, catalog);
  return {
    settings: {
      agents: options.agents,
      seconds: options.seconds,
      latencyMs: options.latencyMs,
      seed: options.seed,
      limits: MISSIVE_LIMITS,
      popularShare: options.popularShare,
      popularCount: options.popularCount,
      thinkMs: options.thinkMs,
    },
    catalog: {
      conversations: catalog.conversations.length,
      sharedBooks: catalog.sharedBooks.length,
      readsPerSwitch: {
        min: reads[0] ?? 0,
        median: percentile(reads, 0.5),
        max: reads.at(-1) ?? 0,
      },
    },
    gateway,
    naive,
    comparison: compareModes(gateway, naive),
  };
}
