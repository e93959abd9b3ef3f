/**
 * The three things the gateway benchmark's agents talk to, each in front of
 * a fresh emulator with Missive's real limits: the gateway as the old
 * sidebar used it (a proxy of Missive's API), a naive pass-through, and the
 * gateway with its mirror of Missive loaded and syncing (the new read
 * model). Also what a sidebar sends on a switch in each design, and how the
 * emulator's own counts tell the sidebars' calls from the sync's.
 */
import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  RequestListener,
  Server,
  ServerResponse,
} from 'node:http';
import type { RunningEmulator } from '../../../server/src/emulator/serve';
import type { Backoff } from '../../../server/src/integrations/delivery-queue';
import { listen } from '../../../server/src/http/listen';
import { createMirror } from '../../../server/src/mirror/mirror';
import {
  ACCESS_KEY,
  startGatewayHarness,
  type GatewayHarness,
} from '../../../server/src/test/gateway-harness';
import {
  BENCH_TOKEN,
  MISSIVE_LIMITS,
  defaultSyncSettings,
  fetchSyncReport,
  startBenchEmulator,
  waitForLiveMirror,
  type CatalogConversation,
} from '../../bench-missive';

export const MODES = ['gateway', 'naive', 'readModel'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = {
  gateway: 'old design · gateway',
  naive: 'old design · naive',
  readModel: 'new read model',
};

/** What sits between the sidebars and Missive, set up as each mode needs it. */
export interface TargetOptions {
  /** The emulator's mean added latency per request. */
  latencyMs: number;
  /** Longest wait for the read model's mirror to finish its initial load. */
  mirrorLoadTimeoutMs: number;
  /** AGENT_BUDGET_SHARE; the harness's default (background's share) when unset. */
  automationShare?: number;
  /** How the integrations' queue waits between tries; the harness's quick one (for tests) when unset. */
  integrationBackoff?: Backoff;
}

// --- What a sidebar sends on a switch ---------------------------------------------

export interface BenchRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
}

/**
 * The reads the OLD sidebar made when its agent opened a conversation. The
 * authors come with Missive's conversation-change event in the iFrame, so
 * every read can start at once; the sidebar did start them together.
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

/** What the NEW sidebar reads on a switch: its whole context, in one answer. */
export function contextRequest(origin: string, conversation: CatalogConversation): BenchRequest {
  return {
    url: `${origin}/api/context/${encodeURIComponent(conversation.id)}`,
    method: 'POST',
    // The playground would give `{ host }` from fetchConversations; without
    // it the participants come from the mirror's copy of the conversation.
    body: '{}',
  };
}

// --- The three targets ------------------------------------------------------------

/** Whose call the emulator saw: an agent's sidebar, or the sync. */
export type Caller = 'sidebar' | 'sync';

/** Old design: only the contact walker orders by last_modified. */
export function callerOfOldDesignRequest(url: string): Caller {
  return url.includes('order=last_modified') ? 'sync' : 'sidebar';
}

/**
 * New read model: the mirror's sync walks lists and never reads a single
 * conversation; a single conversation is read only for a context the mirror
 * cannot answer (an agent waiting) or after a webhook (none in this run).
 */
export function callerOfReadModelRequest(url: string): Caller {
  return /^\/v1\/conversations\/[^/?]+(?:\?|$)/.test(url) ? 'sidebar' : 'sync';
}

/** The gateway's own running totals, from GET /api/limits and the harness. */
export interface GatewayCounters {
  /** Requests the scheduler refused at their deadline. */
  shed: number;
  /** 429s the gateway received and waited out (its view; the emulator's is in `upstream`). */
  rateLimitedSeen: number;
  retried: number;
  cacheHits: number;
  cacheMisses: number;
  /** Errors the app reported as unexpected (5xx it did not mean). */
  unexpectedErrors: number;
  /** Calls it sent to Missive by lane: agents' own, and background (walker or mirror sync). */
  interactiveCalls: number;
  backgroundCalls: number;
  /** And AI agents' (MCP tools): none in the gateway bench; the agents bench's agent, during the team's run. */
  automationCalls: number;
}

export interface ModeSetup {
  /** How long the mirror's initial load took at real limits, until every object was live. */
  mirrorLoadS: number;
  /** What it spent, as the emulator counted. */
  mirrorLoadCalls: number;
}

export interface Target {
  emulator: RunningEmulator;
  /** The gateway's whole stack, for what only it knows (lanes, MCP); null without a gateway. */
  harness: GatewayHarness | null;
  /** What an agent's sidebar sends on a switch. */
  switchRequests: (conversation: CatalogConversation, books: readonly string[]) => BenchRequest[];
  /** Where the old design's contact walker reads; null when the sync is the gateway's own mirror. */
  walkerApiBase: string | null;
  callerOf: (url: string) => Caller;
  /** The credential an agent (or the contact walker) sends: a key of their own where keys are checked. */
  keyOf: (agent: string) => Promise<string>;
  counters: (() => Promise<GatewayCounters>) | undefined;
  /** The read model's initial load, done before the run. */
  setup: ModeSetup | null;
  stop: () => Promise<void>;
}

const API_PREFIX = '/api/missive/v1';

function harnessCounters(harness: GatewayHarness): () => Promise<GatewayCounters> {
  return async () => {
    const report = await harness.gateway.limits();
    return {
      shed: report.queues.shed,
      rateLimitedSeen: report.upstream.rateLimited,
      retried: report.upstream.retried,
      cacheHits: report.cache.hits,
      cacheMisses: report.cache.misses,
      unexpectedErrors: harness.unexpected.length,
      interactiveCalls: report.upstream.upstreamCallsByLane.interactive,
      backgroundCalls: report.upstream.upstreamCallsByLane.background,
      automationCalls: report.upstream.upstreamCallsByLane.automation,
    };
  };
}

function oldDesignReads(apiBase: string) {
  return (conversation: CatalogConversation, books: readonly string[]): BenchRequest[] =>
    sidebarReads(conversation, books).map((path) => ({ url: `${apiBase}${path}`, method: 'GET' }));
}

async function startHarness(options: TargetOptions): Promise<GatewayHarness> {
  return startGatewayHarness({
    emulatorLimits: MISSIVE_LIMITS,
    gatewayLimits: MISSIVE_LIMITS,
    latencyMs: options.latencyMs,
    ...(options.automationShare === undefined ? {} : { automationShare: options.automationShare }),
    ...(options.integrationBackoff === undefined
      ? {}
      : { integrationBackoff: options.integrationBackoff }),
  });
}

/** The real stack (emulator, gateway, app) as the integration tests build it; its mirror idle. */
async function startOldGatewayTarget(options: TargetOptions): Promise<Target> {
  const harness = await startHarness(options);
  const apiBase = `${harness.base}${API_PREFIX}`;
  return {
    emulator: harness.emulator,
    harness,
    switchRequests: oldDesignReads(apiBase),
    walkerApiBase: apiBase,
    callerOf: callerOfOldDesignRequest,
    keyOf: harness.agentKey,
    counters: harnessCounters(harness),
    setup: null,
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

async function startNaiveTarget(options: TargetOptions): Promise<Target> {
  const emulator = await startBenchEmulator(MISSIVE_LIMITS, options.latencyMs);
  try {
    const proxy = await listen(passThrough(emulator.baseUrl), 0, '127.0.0.1');
    const apiBase = `http://127.0.0.1:${proxy.port}${API_PREFIX}`;
    return {
      emulator,
      harness: null,
      switchRequests: oldDesignReads(apiBase),
      walkerApiBase: apiBase,
      callerOf: callerOfOldDesignRequest,
      // Nothing checks keys without the gateway.
      keyOf: () => Promise.resolve(ACCESS_KEY),
      counters: undefined,
      setup: null,
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

/**
 * The new design: the same stack with its mirror syncing as a deployed
 * gateway's does. The harness builds its mirror idle and at the whole
 * budget, for tests; the sync started here has the settings a gateway has
 * when nothing is configured (SYNC_BUDGET_SHARE, SYNC_INTERVAL_S) and fills
 * the store the context route reads. Resolves once that sync reports every
 * object live, as GET /api/sync tells an operator.
 */
async function startReadModelTarget(options: TargetOptions): Promise<Target> {
  const harness = await startHarness(options);
  const mirror = createMirror({
    store: harness.store.mirror,
    gateway: harness.gateway,
    ...defaultSyncSettings(),
    onError: (error) => harness.unexpected.push(error),
  });
  const stop = async () => {
    await mirror.sync.stop();
    await harness.stop();
  };
  try {
    mirror.sync.start();
    const { waitedMs } = await waitForLiveMirror(() => fetchSyncReport(harness.base, ACCESS_KEY), {
      timeoutMs: options.mirrorLoadTimeoutMs,
    });
    return {
      emulator: harness.emulator,
      harness,
      switchRequests: (conversation) => [contextRequest(harness.base, conversation)],
      walkerApiBase: null,
      callerOf: callerOfReadModelRequest,
      keyOf: harness.agentKey,
      counters: harnessCounters(harness),
      setup: {
        mirrorLoadS: waitedMs / 1000,
        mirrorLoadCalls: limiterCounts(harness.emulator).admitted,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const START_TARGET: Record<Mode, (options: TargetOptions) => Promise<Target>> = {
  gateway: startOldGatewayTarget,
  naive: startNaiveTarget,
  readModel: startReadModelTarget,
};

// --- What reached Missive --------------------------------------------------------

export interface Tally {
  admitted: number;
  rejected: number;
}

export interface UpstreamTap {
  sidebar: Tally;
  sync: Tally;
  /** When each admitted request arrived (ms epoch), for the busiest window. */
  admittedAt: number[];
}

/**
 * Watches the emulator's HTTP server to split what reached it between the
 * sidebars and the sync. Every request ends in `close`, finished or cut off;
 * the status it had then is what the limiter decided, since the limiter
 * answers its refusals at once.
 */
export function tapUpstream(server: Server, callerOf: (url: string) => Caller): UpstreamTap {
  const tap: UpstreamTap = {
    sidebar: { admitted: 0, rejected: 0 },
    sync: { admitted: 0, rejected: 0 },
    admittedAt: [],
  };
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const arrived = Date.now();
    const tally = tap[callerOf(req.url ?? '')];
    res.once('close', () => {
      if (res.statusCode === 429) {
        tally.rejected += 1;
        return;
      }
      tally.admitted += 1;
      tap.admittedAt.push(arrived);
    });
  });
  return tap;
}

/** The emulator's limiter: admitted within its longest window, and refused, so far. */
export function limiterCounts(emulator: RunningEmulator): Tally {
  const snapshot = emulator.limiter.snapshot();
  return { admitted: snapshot.windows.at(-1)?.used ?? 0, rejected: snapshot.rejected };
}
