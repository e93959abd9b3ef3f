/**
 * The gateway benchmark of issues #3 and #9: a team of simulated agents
 * switching conversations in the sidebar, plus a sync, against an emulator
 * that enforces Missive's real limits with a realistic latency. The same
 * agents run three times in one process, each time against a fresh emulator:
 *
 * - old design through the gateway: each switch replays what the old
 *   sidebar read (5–8 Missive reads) through the real gateway (scheduler,
 *   fair queues, cache, coalescing), beside a contact-walking sync;
 * - old design, naive: the same reads and walker through a pass-through
 *   that sends everything to Missive at once;
 * - new read model: each switch is what the new sidebar reads, one
 *   `POST /api/context/:id`, against a gateway whose mirror of Missive has
 *   finished its initial load and keeps syncing in the background lane at
 *   the default SYNC_BUDGET_SHARE (that sync is the run's sync).
 *
 * Counts of what reached Missive come from the emulator itself (its limiter
 * and a tap on its HTTP server), never from the gateway's own bookkeeping:
 * the point is to check that bookkeeping, not to repeat it. The gateway's
 * own count by lane is reported beside it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { contactListResponse } from '@crm/shared/missive/contacts';
import { parseRateLimits } from '@crm/shared/rate-limits';
import {
  MODES,
  MODE_LABELS,
  START_TARGET,
  limiterCounts,
  sidebarReads,
  tapUpstream,
  type BenchRequest,
  type GatewayCounters,
  type Mode,
  type ModeSetup,
  type Tally,
  type Target,
  type TargetOptions,
  type UpstreamTap,
} from './bench-gateway-targets';
import {
  MISSIVE_LIMITS,
  loadCatalog,
  measureRoundTrip,
  type Catalog,
  type CatalogConversation,
} from './bench-missive';
import {
  DEFAULT_LATENCY_MS,
  checkTarget,
  countStatuses,
  createRng,
  formatTable,
  formatTargets,
  formatValue,
  peakInWindow,
  percentile,
  ratio,
  readNumber,
  readRunSettings,
  subtractCounts,
  summariseLatency,
  type LatencySummary,
  type StatusCounts,
  type TargetCheck,
  type Unit,
} from './bench-stats';

// --- Options ---------------------------------------------------------------

export interface GatewayBenchOptions extends TargetOptions {
  agents: number;
  /** How long agents keep starting switches; a switch under way at the end is awaited. */
  seconds: number;
  seed: number;
  /** Share of switches to one of the `popularCount` newest conversations. */
  popularShare: number;
  popularCount: number;
  /** Pause between switches, drawn uniformly from [min, max). */
  thinkMs: readonly [number, number];
  /** Which modes run, in this order. */
  modes: readonly Mode[];
  /** Progress lines (which mode is running); nothing is printed without it. */
  log?: (line: string) => void;
}

export const DEFAULT_GATEWAY_BENCH_OPTIONS: Omit<GatewayBenchOptions, 'log'> = {
  agents: 20,
  seconds: 60,
  latencyMs: DEFAULT_LATENCY_MS,
  seed: 1,
  popularShare: 0.3,
  popularCount: 20,
  thinkMs: [2000, 6000],
  modes: MODES,
  mirrorLoadTimeoutMs: 300_000,
};

/** BENCH_GATEWAY_MODES: a comma-separated subset of the modes, e.g. `readModel` alone. */
export function readModes(env: Readonly<Record<string, string | undefined>>): readonly Mode[] {
  const raw = env.BENCH_GATEWAY_MODES;
  if (raw === undefined || raw.trim() === '') return MODES;
  const names = raw.split(',').map((name) => name.trim());
  const modes = MODES.filter((mode) => names.includes(mode));
  const unknown = names.filter((name) => !(MODES as readonly string[]).includes(name));
  if (unknown.length || !modes.length) {
    throw new Error(
      `BENCH_GATEWAY_MODES=${raw} is not understood: give one or more of ${MODES.join(', ')}, separated by commas`,
    );
  }
  return modes;
}

/**
 * BENCH_AGENTS, BENCH_SECONDS, BENCH_LATENCY_MS, BENCH_SEED and
 * BENCH_GATEWAY_MODES. Runs are capped at 10 minutes because upstream calls
 * are read from the emulator's 15-minute window, which must still hold the
 * whole run (and the read model's initial load before it).
 */
export function gatewayBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): GatewayBenchOptions {
  const defaults = DEFAULT_GATEWAY_BENCH_OPTIONS;
  return {
    ...defaults,
    agents: readNumber(env, 'BENCH_AGENTS', defaults.agents, [1, 500]),
    ...readRunSettings(env, defaults),
    modes: readModes(env),
  };
}

// --- What an agent does ------------------------------------------------------

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
  /** X-Gateway-Source: cache, coalesced or upstream; null through the naive proxy and for context answers. */
  source: string | null;
}

interface SwitchSample {
  ms: number;
  /** Every read answered 2xx: the sidebar showed everything. */
  complete: boolean;
  reads: number;
}

interface Answer {
  sample: Sample;
  body: string;
  retryAfter: string | null;
}

interface RunContext {
  options: GatewayBenchOptions;
  catalog: Catalog;
  target: Target;
  endAt: number;
  samples: Sample[];
  switches: SwitchSample[];
}

/** One timed request; the time runs until the whole body has arrived. Undefined if aborted. */
async function timedRequest(
  run: RunContext,
  request: BenchRequest,
  agent: string,
  lane: Lane,
  signal?: AbortSignal,
): Promise<Answer | undefined> {
  // Each agent signs in with a key of their own: the gateway's fairness is per person.
  const headers: Record<string, string> = {
    Authorization: `Bearer ${await run.target.keyOf(agent)}`,
  };
  if (lane === 'background') headers['X-Priority'] = 'background';
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const started = performance.now();
  let answer: Omit<Answer, 'sample'> & { status: number; source: string | null };
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body ?? null,
      signal: signal ?? null,
    });
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

const agentName = (index: number) => `agent-${index + 1}`;
/** Who the old design's contact walker signs in as. */
const SYNC_WALKER = 'contact-sync';

async function runAgent(run: RunContext, index: number): Promise<void> {
  const { options, catalog, target } = run;
  const rng = createRng(options.seed * 1000 + index);
  const agent = agentName(index);
  const [minThink, maxThink] = options.thinkMs;
  // The team is mid-shift, not all clicking at the same instant.
  await sleep(rng() * minThink);
  while (performance.now() < run.endAt) {
    const conversation = pickConversation(rng, catalog.conversations, options);
    const requests = target.switchRequests(conversation, catalog.sharedBooks);
    const started = performance.now();
    const answers = await Promise.all(
      requests.map((request) => timedRequest(run, request, agent, 'interactive')),
    );
    run.switches.push({
      ms: performance.now() - started,
      complete: answers.every(
        (answer) =>
          answer !== undefined && answer.sample.status >= 200 && answer.sample.status < 300,
      ),
      reads: requests.length,
    });
    const think = minThink + rng() * (maxThink - minThink);
    if (performance.now() + think >= run.endAt) return;
    await sleep(think);
  }
}

const SYNC_PAGE = 200;
/**
 * Between passes over the books. Without it the walker, answered from the
 * gateway's cache within the TTL, would spin as fast as the CPU allows and
 * the benchmark would measure its own loop instead of the agents' reads.
 */
const SYNC_PASS_PAUSE_MS = 1000;

/**
 * The old design's contact sync, walking every shared book page after page
 * for the whole run. Like any well-behaved job it waits out a 429 or 503 as
 * told, so the naive mode is not flooded with refusals a real job would not send.
 */
async function runSyncWalker(run: RunContext, apiBase: string, signal: AbortSignal): Promise<void> {
  const books = run.catalog.sharedBooks;
  let bookIndex = 0;
  let offset = 0;
  try {
    while (!signal.aborted) {
      const book = books[bookIndex] ?? '';
      const url = `${apiBase}/contacts?contact_book=${encodeURIComponent(book)}&order=last_modified&limit=${SYNC_PAGE}&offset=${offset}`;
      const answer = await timedRequest(
        run,
        { url, method: 'GET' },
        SYNC_WALKER,
        'background',
        signal,
      );
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

interface GatewayInternals extends GatewayCounters {
  /** How the gateway answered the agents' proxied reads, by X-Gateway-Source. */
  sources: { cache: number; coalesced: number; upstream: number };
  cacheHitRate: number | null;
}

// --- The team's rows, for the benches that set it beside something --------------

/** A row of a bench table: its label, its unit, and how to read it from a run. */
export type Metric<R> = readonly [string, Unit, (result: R) => number | null];

/** The share of switches whose every read was answered 2xx. */
export const servedShare = (result: { team: ModeResult }) =>
  ratio(result.team.switches.fullyServed, result.team.switches.completed);

/**
 * The sidebars' rows every "the team beside X" table starts with (agents,
 * integrations): switches, how many were fully served, how fast, what failed.
 */
export function teamMetrics<R extends { team: ModeResult }>(): Metric<R>[] {
  return [
    ['sidebar switches', 'count', (r) => r.team.switches.completed],
    [
      '  requests per switch (sidebar → gateway)',
      'per',
      (r) => ratio(r.team.switches.reads, r.team.switches.completed),
    ],
    ['  fully served (every read 2xx)', 'share', servedShare],
    ['  p50 ms to a full sidebar', 'fineMs', (r) => r.team.switches.latency.p50Ms],
    ['  p95 ms to a full sidebar', 'fineMs', (r) => r.team.switches.latency.p95Ms],
    ['  503 shed by the gateway', 'count', (r) => r.team.interactive.shed],
    [
      '  other failures',
      'count',
      (r) => r.team.interactive.rateLimited + r.team.interactive.otherFailed,
    ],
  ];
}

// --- One mode's run ----------------------------------------------------------------

export interface ModeResult {
  mode: Mode;
  /** From the first agent's start to the last switch's last answer. */
  elapsedS: number;
  /** Done before the run started and not counted in it. */
  setup: ModeSetup | null;
  switches: {
    completed: number;
    /** Requests the sidebar sent to the gateway (or proxy), over all switches. */
    reads: number;
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
  /** The old design's contact walker; null when the sync is the gateway's mirror (counted upstream). */
  background: StatusCounts | null;
  /** Missive-side truth, from the emulator, over the run only. */
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
     * window length, and at least one full window.
     */
    allowedInRun: number;
    /** Admitted ÷ allowedInRun. */
    share: number;
    /** The busiest 60 s of the run ÷ 300: how close it came to a 429 for rate. */
    peakWindowShare: number;
    /** Admitted ÷ the 15-minute window's limit: how much of the next 15 minutes the run used up. */
    longWindowShare: number;
  };
  /** The gateway's own counters over the run; null through the naive proxy. */
  gateway: GatewayInternals | null;
}

interface RunTotals {
  tap: UpstreamTap;
  /** The emulator's limiter over the run. */
  limiter: Tally;
  counters: GatewayCounters | undefined;
}

function summariseMode(
  mode: Mode,
  run: RunContext,
  elapsedMs: number,
  { tap, limiter, counters }: RunTotals,
): ModeResult {
  const interactive = run.samples.filter((sample) => sample.lane === 'interactive');
  const served = interactive.filter((sample) => sample.status >= 200 && sample.status < 300);
  const limits = parseRateLimits(MISSIVE_LIMITS);
  const tightest = limits.windows[0];
  const longest = limits.windows.at(-1);
  const allowedInRun = tightest
    ? (tightest.limit * Math.max(elapsedMs, tightest.windowMs)) / tightest.windowMs
    : 0;
  const admittedAt = [...tap.admittedAt].sort((a, b) => a - b);
  const completed = run.switches.length;
  const complete = run.switches.filter((sample) => sample.complete);
  const sources = { cache: 0, coalesced: 0, upstream: 0 };
  for (const sample of served) {
    if (sample.source === 'cache' || sample.source === 'coalesced' || sample.source === 'upstream')
      sources[sample.source] += 1;
  }
  return {
    mode,
    elapsedS: elapsedMs / 1000,
    setup: run.target.setup,
    switches: {
      completed,
      reads: run.switches.reduce((sum, sample) => sum + sample.reads, 0),
      fullyServed: complete.length,
      latency: summariseLatency(complete.map((sample) => sample.ms)),
    },
    interactive: {
      ...countStatuses(interactive.map((sample) => sample.status)),
      latency: summariseLatency(interactive.map((sample) => sample.ms)),
      servedLatency: summariseLatency(served.map((sample) => sample.ms)),
    },
    background:
      run.target.walkerApiBase === null
        ? null
        : countStatuses(
            run.samples
              .filter((sample) => sample.lane === 'background')
              .map((sample) => sample.status),
          ),
    upstream: {
      admitted: limiter.admitted,
      rejected429: limiter.rejected,
      sidebar: tap.sidebar,
      sync: tap.sync,
      perSwitch: ratio(tap.sidebar.admitted, completed),
      attemptsPerSwitch: ratio(tap.sidebar.admitted + tap.sidebar.rejected, completed),
    },
    budget: {
      allowedInRun,
      share: ratio(limiter.admitted, allowedInRun) ?? 0,
      peakWindowShare: tightest ? peakInWindow(admittedAt, tightest.windowMs) / tightest.limit : 0,
      longWindowShare: ratio(limiter.admitted, longest?.limit ?? 0) ?? 0,
    },
    gateway: counters
      ? {
          ...counters,
          sources,
          cacheHitRate: ratio(counters.cacheHits, counters.cacheHits + counters.cacheMisses),
        }
      : null,
  };
}

async function runMode(
  mode: Mode,
  options: GatewayBenchOptions,
  catalog: Catalog,
): Promise<ModeResult> {
  const target = await START_TARGET[mode](options);
  try {
    return await runTeam(mode, target, options, catalog);
  } finally {
    await target.stop();
  }
}

/**
 * The team's run against a target already started, which the caller stops.
 * `beside` is other work sharing the gateway with the team (the agents
 * benchmark's AI agent): started with the first agent, it reads the run's
 * end from `run` (brought forward when something fails); awaited once the
 * team's figures are taken, so its tail is not counted as the team's; its
 * failure ends the run, as the walker's does.
 */
export async function runTeam(
  mode: Mode,
  target: Target,
  options: GatewayBenchOptions,
  catalog: Catalog,
  beside?: (run: { readonly endAt: number }) => Promise<void>,
): Promise<ModeResult> {
  const stopSync = new AbortController();
  try {
    // Each agent's key is made before the run: a key takes a slow hash to make.
    await Promise.all(
      [...Array.from({ length: options.agents }, (_, index) => agentName(index)), SYNC_WALKER].map(
        target.keyOf,
      ),
    );
    // Whatever came before the run (the read model's initial load) is not the run's.
    const limiterBefore = limiterCounts(target.emulator);
    const countersBefore = target.counters?.();
    const tap = tapUpstream(target.emulator.server, target.callerOf);
    const started = performance.now();
    const run: RunContext = {
      options,
      catalog,
      target,
      endAt: started + options.seconds * 1000,
      samples: [],
      switches: [],
    };
    // A failing walker ends the run at once rather than leaving a rejection unheard.
    const failure: { sync?: unknown; beside?: unknown } = {};
    const walker = target.walkerApiBase;
    const sync = walker
      ? runSyncWalker(run, walker, stopSync.signal).catch((error: unknown) => {
          failure.sync = error;
          run.endAt = Math.min(run.endAt, performance.now());
        })
      : Promise.resolve();
    const besideRun = beside
      ? beside(run).catch((error: unknown) => {
          failure.beside = error;
          run.endAt = Math.min(run.endAt, performance.now());
        })
      : Promise.resolve();
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
    const countersAfter = target.counters?.();
    const result = summariseMode(mode, run, elapsedMs, {
      tap,
      limiter: subtractCounts(limiterCounts(target.emulator), limiterBefore),
      counters:
        countersAfter && countersBefore ? subtractCounts(countersAfter, countersBefore) : undefined,
    });
    await besideRun;
    if ('beside' in failure) throw failure.beside;
    return result;
  } finally {
    stopSync.abort();
  }
}

// --- The comparison ------------------------------------------------------------------

export interface ComparisonRow {
  key: string;
  label: string;
  /** A detail of the row above, indented in the table. */
  detail: boolean;
  unit: Unit;
  /** Each mode's value; null when not measured or not applicable (e.g. the naive mode's cache). */
  values: Record<Mode, number | null>;
  /** new read model ÷ old design through the gateway. */
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
    modes: readonly Mode[];
  };
  catalog: {
    conversations: number;
    sharedBooks: number;
    /** How many reads an old-design switch makes: 5, plus (books + 1) per external author. */
    readsPerSwitch: { min: number; median: number; max: number };
  };
  /** One upstream round trip (median, measured apart from the runs): the yardstick for p95. */
  roundTripMs: number;
  modes: Partial<Record<Mode, ModeResult>>;
  comparison: ComparisonRow[];
  /** The new read model's targets (issue #9); empty when it did not run. */
  targets: TargetCheck[];
}

/** Key, label (indented: a detail of the row above), unit, and how to read it from a mode. */
type ModeMetric = [string, string, Unit, (result: ModeResult) => number | null];

const METRICS: readonly ModeMetric[] = [
  ['switches', 'conversation switches', 'count', (r) => r.switches.completed],
  [
    'readsPerSwitch',
    '  requests per switch (sidebar → gateway)',
    'per',
    (r) => ratio(r.switches.reads, r.switches.completed),
  ],
  [
    'switchesFullyServedShare',
    '  fully served (every read 2xx)',
    'share',
    (r) => ratio(r.switches.fullyServed, r.switches.completed),
  ],
  ['fullSidebarP50Ms', '  p50 ms to a full sidebar', 'ms', (r) => r.switches.latency.p50Ms],
  ['fullSidebarP95Ms', '  p95 ms to a full sidebar', 'ms', (r) => r.switches.latency.p95Ms],
  ['interactiveAnswered', 'interactive requests answered', 'count', (r) => r.interactive.total],
  ['interactiveServed', '  served (2xx)', 'count', (r) => r.interactive.served],
  ['answerP50Ms', '  p50 ms to an answer', 'ms', (r) => r.interactive.latency.p50Ms],
  ['answerP95Ms', '  p95 ms to an answer', 'ms', (r) => r.interactive.latency.p95Ms],
  ['servedP50Ms', '  p50 ms to a 2xx answer', 'ms', (r) => r.interactive.servedLatency.p50Ms],
  ['servedP95Ms', '  p95 ms to a 2xx answer', 'ms', (r) => r.interactive.servedLatency.p95Ms],
  ['interactive429', '  429 seen by the agent', 'count', (r) => r.interactive.rateLimited],
  ['interactiveShed', '  503 shed by the gateway', 'count', (r) => r.interactive.shed],
  ['interactiveOtherFailed', '  other failures', 'count', (r) => r.interactive.otherFailed],
  ['syncServed', 'contact walker pages served (2xx)', 'count', (r) => r.background?.served ?? null],
  [
    'syncFailed',
    '  walker 429 / 503 / other',
    'count',
    (r) => (r.background ? r.background.total - r.background.served : null),
  ],
  ['upstreamAdmitted', 'upstream calls admitted (emulator)', 'count', (r) => r.upstream.admitted],
  ['upstreamPerSwitch', '  by sidebars, per switch', 'per', (r) => r.upstream.perSwitch],
  [
    'upstreamAttemptsPerSwitch',
    '  sidebar attempts per switch',
    'per',
    (r) => r.upstream.attemptsPerSwitch,
  ],
  ['upstreamSync', '  by the sync (walker or mirror)', 'count', (r) => r.upstream.sync.admitted],
  ['upstream429', '429s received from upstream (target 0)', 'count', (r) => r.upstream.rejected429],
  ['budgetShare', 'share of the 300/60 s budget, run average', 'share', (r) => r.budget.share],
  ['budgetPeakWindowShare', '  in the busiest 60 s', 'share', (r) => r.budget.peakWindowShare],
  [
    'longWindowShare',
    'share of the 900/900 s window used by the run',
    'share',
    (r) => r.budget.longWindowShare,
  ],
];

export function compareModes(results: Partial<Record<Mode, ModeResult>>): ComparisonRow[] {
  return METRICS.map(([key, label, unit, read]) => {
    const values = Object.fromEntries(
      MODES.map((mode) => {
        const result = results[mode];
        return [mode, result ? read(result) : null];
      }),
    ) as Record<Mode, number | null>;
    const { readModel, gateway } = values;
    return {
      key,
      label: label.trim(),
      detail: label.startsWith(' '),
      unit,
      values,
      ratio: readModel === null || gateway === null ? null : ratio(readModel, gateway),
    };
  });
}

/** Issue #9's targets for the new read model under the team's load. */
export function readModelTargets(result: ModeResult, roundTripMs: number): TargetCheck[] {
  return [
    checkTarget(
      'switches fully served',
      ratio(result.switches.fullyServed, result.switches.completed),
      'at least',
      0.99,
      'share',
    ),
    checkTarget('requests shed (503)', result.interactive.shed, 'at most', 0, 'count'),
    checkTarget('429s received from Missive', result.upstream.rejected429, 'at most', 0, 'count'),
    checkTarget(
      `p95 ms to a full sidebar (2 × round trip of ${formatValue(roundTripMs, 'ms')} ms)`,
      result.switches.completed ? result.switches.latency.p95Ms : null,
      'at most',
      2 * roundTripMs,
      'ms',
    ),
  ];
}

export function formatGatewayReport(result: GatewayBenchResult): string {
  const { settings, catalog } = result;
  const modes = MODES.filter((mode) => result.modes[mode]);
  const withRatio = result.modes.gateway !== undefined && result.modes.readModel !== undefined;
  const header = [
    '',
    ...modes.map((mode) => MODE_LABELS[mode]),
    ...(withRatio ? ['new ÷ old·gateway'] : []),
  ];
  const rows = result.comparison.map((row) => [
    row.detail ? `  ${row.label}` : row.label,
    ...modes.map((mode) => formatValue(row.values[mode], row.unit)),
    ...(withRatio ? [row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`] : []),
  ]);
  const lines = [
    `Gateway: ${settings.agents} agents switching every ${settings.thinkMs[0] / 1000}–${settings.thinkMs[1] / 1000} s (${settings.popularShare * 100} % to the ${settings.popularCount} newest) + a sync, ${settings.seconds} s per mode, emulator latency ${settings.latencyMs} ms, limits ${settings.limits}`,
    `Catalog: ${catalog.conversations} conversations, ${catalog.sharedBooks} shared books. Old design: ${catalog.readsPerSwitch.min}–${catalog.readsPerSwitch.max} Missive reads per switch (median ${catalog.readsPerSwitch.median}) and a contact walker; new read model: one POST /api/context/:id per switch, the mirror's own sync in the background lane.`,
    `One upstream round trip: ${formatValue(result.roundTripMs, 'ms')} ms (median of direct reads, measured apart). One run: compare ratios, not absolute times.`,
    '',
    formatTable(header, rows),
    '',
  ];
  for (const mode of modes) {
    const mine = result.modes[mode];
    const internals = mine?.gateway;
    if (!mine || !internals) continue;
    const { sources } = internals;
    const answered = sources.upstream + sources.coalesced + sources.cache;
    const seen = mine.interactive.shed + (mine.background?.shed ?? 0);
    const sharedShedding =
      seen > internals.shed
        ? ` (agents saw ${seen} 503s: a shed read also fails the identical reads coalesced onto it)`
        : '';
    lines.push(
      `${MODE_LABELS[mode]}: ` +
        (answered
          ? `proxied answers ${sources.upstream} from Missive, ${sources.coalesced} coalesced, ${sources.cache} from cache (hit rate ${formatValue(internals.cacheHitRate, 'share')}); `
          : '') +
        `the gateway counted ${internals.interactiveCalls} interactive + ${internals.backgroundCalls} background calls to Missive; scheduler shed ${internals.shed}${sharedShedding}; 429s it saw ${internals.rateLimitedSeen}, retries ${internals.retried}; unexpected errors ${internals.unexpectedErrors}.`,
    );
  }
  const setup = result.modes.readModel?.setup;
  if (setup) {
    lines.push(
      `${MODE_LABELS.readModel}: before the run, the mirror's initial load took ${setup.mirrorLoadS.toFixed(1)} s and ${setup.mirrorLoadCalls} calls at real limits (not counted above).`,
    );
  }
  if (result.modes.naive) {
    lines.push(
      'Naive: every 429 above is a failed read the agent sees; the gateway instead waits, or sheds with 503 past its 10 s deadline.',
    );
  }
  for (const mode of modes) {
    const upstream = result.modes[mode]?.upstream;
    if (mode !== 'naive' && upstream && upstream.rejected429 > 0) {
      lines.push(
        `WARNING: Missive refused ${upstream.rejected429} of the ${MODE_LABELS[mode]} calls with 429 (sidebar ${upstream.sidebar.rejected}, sync ${upstream.sync.rejected}): the gateway overran the budget.`,
      );
    }
  }
  if (result.targets.length) {
    lines.push('', formatTargets('Targets for the new read model (issue #9):', result.targets));
  }
  return lines.join('\n');
}

/** Runs each mode in turn, each against a fresh emulator. */
export async function runGatewayBench(options: GatewayBenchOptions): Promise<GatewayBenchResult> {
  const catalog = await loadCatalog();
  const reads = catalog.conversations
    .map((conversation) => sidebarReads(conversation, catalog.sharedBooks).length)
    .sort((a, b) => a - b);
  const sample = catalog.conversations[0];
  if (!sample) throw new Error('the catalog has no conversation');
  const roundTripMs = await measureRoundTrip(options.latencyMs, sample.id);
  // One after the other, never together: each mode gets the machine to itself.
  const modes: Partial<Record<Mode, ModeResult>> = {};
  for (const mode of options.modes) {
    options.log?.(
      `gateway bench: ${MODE_LABELS[mode]}, ${options.agents} agents for ${options.seconds} s${mode === 'readModel' ? ' (after the mirror is live)' : ''}…`,
    );
    modes[mode] = await runMode(mode, options, catalog);
  }
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
      modes: options.modes,
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
    roundTripMs,
    modes,
    comparison: compareModes(modes),
    targets: modes.readModel ? readModelTargets(modes.readModel, roundTripMs) : [],
  };
}
