/**
 * The sidebar benchmark of issues #4 and #9: how long an agent waits, in the
 * playground, from clicking a conversation to seeing its participant's
 * contact card in the sidebar, and what each visit costs the API token. It
 * runs the BUILT app as `npm start` would (demo mode: the emulator with
 * Missive's limits and a realistic latency, its organisation kept still),
 * waits until the gateway's mirror reports every object live (the initial
 * sync is done), and drives Debian's Chromium through Playwright, in three
 * scenarios:
 *
 * - cold: a browser that has never seen the conversation (a new browser
 *   context, so no query cache and no HTTP cache) and a gateway that has
 *   not read it either (each conversation is measured cold exactly once,
 *   and no two share an external author, so no contact lookup is cached;
 *   team-wide reads such as users and contact books may well be, within
 *   the gateway's 15 s cache; the mirror holds all of it, but nobody has
 *   asked for this conversation's context yet);
 * - warm gateway, cold browser: the same conversation right after, in a new
 *   browser context: what a second agent sees when a colleague just opened
 *   it (well within the gateway's 15 s cache);
 * - warm: in that same page, the conversation deselected (Escape) and
 *   selected again, everything in the client's query cache.
 *
 * Calls on the token are read from the gateway's GET /api/limits by lane:
 * interactive calls are the sidebar's; background calls during a visit are
 * the mirror's sync coming round, not the visit's, and are shown apart.
 *
 * The old design cannot run in this build; its figures, from an earlier run
 * recorded in the README, are printed beside this run's and labelled so.
 *
 * The stopwatch runs in the browser: it starts in the playground's click
 * handler and stops when the card enters the sidebar's DOM, both read on the
 * playground's clock, so Playwright's own round trips are not counted. The
 * card is what the contacts feature renders: an article named "Contact: …"
 * (a known contact) or "Not a contact: …" (the "Create contact" card).
 */
import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Frame,
  type Page,
  type Request,
} from 'playwright';
import type { LimitsReport } from '@crm/shared/limits';
import { MISSIVE_LIMITS, loadCatalog, type CatalogConversation } from './bench-missive';
import {
  BENCH_SERVER_KEY,
  ensureBuild,
  startServer,
  waitForQuiet,
  type BuildInfo,
  type RunningServer,
} from './bench-server';
import {
  checkTarget,
  formatTable,
  formatTargets,
  percentile,
  ratio,
  readLatencyMs,
  readNumber,
  subtractCounts,
  type TargetCheck,
} from './bench-stats';

// --- Statistics and formatting (pure; unit-tested) -------------------------

export const SCENARIOS = ['cold', 'warmGatewayColdBrowser', 'warm'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SCENARIO_LABELS: Record<Scenario, string> = {
  cold: 'cold',
  warmGatewayColdBrowser: 'warm gateway, cold browser',
  warm: 'warm',
};

/** Calls on the token, by the gateway's lanes. */
export interface LaneCalls {
  /** Agents' own: the sidebar's. */
  interactive: number;
  /** The mirror's sync (and webhook refreshes): not the visit's. */
  background: number;
}

/** A request the page sent the app's server during a visit, timed by the browser. */
export interface PageRequest {
  /** Which document sent it: the sidebar's iframe, or the playground around it. */
  frame: 'sidebar' | 'playground';
  /** Method and path, ids replaced by `:id`, query left out (see routeOf). */
  route: string;
  /** When it started, in ms after the click. */
  startMs: number;
  /** From its start to the end of its answer. */
  ms: number;
}

export interface SidebarSample {
  conversationId: string;
  /** From the click to the card in the sidebar's DOM. */
  ms: number;
  /** Calls the gateway sent to Missive from the click until it was quiet again. */
  calls: LaneCalls;
  /** What the page asked of the gateway meanwhile: where the token's calls come from. */
  requests: PageRequest[];
}

export interface ScenarioStats {
  scenario: Scenario;
  label: string;
  count: number;
  medianMs: number;
  p95Ms: number;
  /** The sidebar's calls on the token: mean and median over the visits. */
  interactiveCallsPerVisit: number | null;
  interactiveCallsMedian: number | null;
  /** The sync's calls that fell within the visits, per visit. */
  backgroundCallsPerVisit: number | null;
}

export function summariseScenario(
  scenario: Scenario,
  samples: readonly SidebarSample[],
): ScenarioStats {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const interactive = samples.map((sample) => sample.calls.interactive).sort((a, b) => a - b);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  return {
    scenario,
    label: SCENARIO_LABELS[scenario],
    count: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    interactiveCallsPerVisit: ratio(sum(interactive), samples.length),
    interactiveCallsMedian: samples.length ? percentile(interactive, 0.5) : null,
    backgroundCallsPerVisit: ratio(
      sum(samples.map((sample) => sample.calls.background)),
      samples.length,
    ),
  };
}

/**
 * A request's route for grouping: the method and path with every segment
 * that is an id (long, and with a digit) as `:id`, and no query.
 */
export function routeOf(method: string, url: string): string {
  const path = new URL(url, 'http://bench.invalid').pathname
    .split('/')
    .map((segment) => (segment.length >= 16 && /\d/.test(segment) ? ':id' : segment))
    .join('/');
  return `${method} ${path}`;
}

export interface RouteStats {
  frame: PageRequest['frame'];
  route: string;
  /** Requests per visit, by scenario. */
  perVisit: Record<Scenario, number | null>;
  /** In cold visits, the median of when the route's requests started (ms after the click)… */
  coldStartMs: number | null;
  /** …and of how long they took. */
  coldMedianMs: number | null;
}

function median(values: readonly number[]): number | null {
  return values.length
    ? percentile(
        [...values].sort((a, b) => a - b),
        0.5,
      )
    : null;
}

/** Every route the page asked for, in the order cold visits asked for them. */
export function summariseRequests(
  samples: Record<Scenario, readonly SidebarSample[]>,
): RouteStats[] {
  const byRoute = new Map<
    string,
    {
      frame: PageRequest['frame'];
      route: string;
      counts: Record<Scenario, number>;
      cold: PageRequest[];
    }
  >();
  for (const scenario of SCENARIOS) {
    for (const request of samples[scenario].flatMap((sample) => sample.requests)) {
      const key = `${request.frame} ${request.route}`;
      const entry = byRoute.get(key) ?? {
        frame: request.frame,
        route: request.route,
        counts: { cold: 0, warmGatewayColdBrowser: 0, warm: 0 },
        cold: [],
      };
      byRoute.set(key, entry);
      entry.counts[scenario] += 1;
      if (scenario === 'cold') entry.cold.push(request);
    }
  }
  return [...byRoute.values()]
    .map(({ frame, route, counts, cold }) => ({
      frame,
      route,
      perVisit: {
        cold: ratio(counts.cold, samples.cold.length),
        warmGatewayColdBrowser: ratio(
          counts.warmGatewayColdBrowser,
          samples.warmGatewayColdBrowser.length,
        ),
        warm: ratio(counts.warm, samples.warm.length),
      },
      coldStartMs: median(cold.map((request) => request.startMs)),
      coldMedianMs: median(cold.map((request) => request.ms)),
    }))
    .sort(
      (a, b) =>
        (a.coldStartMs ?? Infinity) - (b.coldStartMs ?? Infinity) || a.route.localeCompare(b.route),
    );
}

/** The token's calls by lane between two readings of GET /api/limits. */
export function callsBetween(before: LimitsReport, after: LimitsReport): LaneCalls {
  return subtractCounts(after.upstream.upstreamCallsByLane, before.upstream.upstreamCallsByLane);
}

/**
 * The old design's figures, from README's "Measured" section at commit
 * 8bbec40 (before the read model): an earlier run on the same kind of
 * machine, NOT measured by this run, which cannot run the old design.
 */
export const PREVIOUS_DESIGN = {
  source: 'previous design (commit 8bbec40, README)',
  coldCallsPerVisit: 12.5,
  coldMedianMs: 413,
  warmMedianMs: 28,
} as const;

/** Issue #9's targets for a visit in the playground. */
export function sidebarTargets(stats: readonly ScenarioStats[]): TargetCheck[] {
  const cold = stats.find((row) => row.scenario === 'cold');
  const warm = stats.find((row) => row.scenario === 'warm');
  const measured = (row: ScenarioStats | undefined, value: number | null | undefined) =>
    row?.count ? (value ?? null) : null;
  return [
    checkTarget(
      'cold: median calls on the token per visit',
      measured(cold, cold?.interactiveCallsMedian),
      'at most',
      0,
      'per',
    ),
    checkTarget(
      'cold: mean calls on the token per visit',
      measured(cold, cold?.interactiveCallsPerVisit),
      'at most',
      1,
      'per',
    ),
    checkTarget(
      'cold: median ms to the card',
      measured(cold, cold?.medianMs),
      'at most',
      150,
      'ms',
    ),
    checkTarget('warm: median ms to the card', measured(warm, warm?.medianMs), 'at most', 30, 'ms'),
  ];
}

export interface ScenarioRatio {
  /** The slower scenario, divided… */
  of: Scenario;
  /** …by the faster one. */
  to: Scenario;
  median: number | null;
  p95: number | null;
}

/** Every pair, colder over warmer: how much each kind of cache saves. */
export function compareScenarios(stats: readonly ScenarioStats[]): ScenarioRatio[] {
  const rows: ScenarioRatio[] = [];
  for (const [index, of] of stats.entries()) {
    for (const to of stats.slice(index + 1)) {
      rows.push({
        of: of.scenario,
        to: to.scenario,
        median: ratio(of.medianMs, to.medianMs),
        p95: ratio(of.p95Ms, to.p95Ms),
      });
    }
  }
  return rows;
}

/** The conversation id in a playground option's DOM id (`<react id>-option-<conversation id>`). */
export function conversationIdOfOption(optionId: string): string | null {
  return /-option-(.+)$/.exec(optionId)?.[1] ?? null;
}

/**
 * The first `rounds` listed conversations that have an external author and
 * share no author with an earlier pick, so that a cold visit finds nothing
 * about its participant cached by an earlier one.
 */
export function pickConversations(
  listedIds: readonly string[],
  catalog: readonly CatalogConversation[],
  rounds: number,
): CatalogConversation[] {
  const byId = new Map(catalog.map((conversation) => [conversation.id, conversation]));
  const seen = new Set<string>();
  const picked: CatalogConversation[] = [];
  for (const id of listedIds) {
    const conversation = byId.get(id);
    if (!conversation?.emails.length) continue;
    const emails = conversation.emails.map((email) => email.toLowerCase());
    if (emails.some((email) => seen.has(email))) continue;
    for (const email of emails) seen.add(email);
    picked.push(conversation);
    if (picked.length === rounds) break;
  }
  return picked;
}

function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${value.toFixed(1)}×`;
}

function formatMs(value: number): string {
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function formatCalls(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}

/** This run beside the previous design's recorded figures, with this ÷ previous. */
function previousDesignRows(stats: readonly ScenarioStats[]): string[][] {
  const cold = stats.find((row) => row.scenario === 'cold');
  const warm = stats.find((row) => row.scenario === 'warm');
  const row = (what: string, now: number | null | undefined, before: number, calls: boolean) => {
    const value = now ?? null;
    const shown = calls ? formatCalls(value) : value === null ? '—' : formatMs(value);
    return [
      what,
      shown,
      calls ? before.toFixed(1) : formatMs(before),
      formatRatio(value === null ? null : ratio(value, before)),
    ];
  };
  return [
    row(
      'cold: calls on the token per visit (mean)',
      cold?.interactiveCallsPerVisit,
      PREVIOUS_DESIGN.coldCallsPerVisit,
      true,
    ),
    row('cold: median ms to the card', cold?.medianMs, PREVIOUS_DESIGN.coldMedianMs, false),
    row('warm: median ms to the card', warm?.medianMs, PREVIOUS_DESIGN.warmMedianMs, false),
  ];
}

export function formatSidebarReport(result: SidebarBenchResult): string {
  const { settings, gateway, mirror } = result;
  const build = settings.build.ranBuild
    ? `built by this run (${settings.build.reason ?? 'missing'})`
    : `existing build of ${settings.build.builtAt}`;
  const scenarioRows = result.scenarios.map((row) => [
    row.label,
    String(row.count),
    formatMs(row.medianMs),
    formatMs(row.p95Ms),
    formatCalls(row.interactiveCallsPerVisit),
    formatCalls(row.interactiveCallsMedian),
    formatCalls(row.backgroundCallsPerVisit),
  ]);
  const ratioRows = result.ratios.map((row) => [
    `${SCENARIO_LABELS[row.of]} ÷ ${SCENARIO_LABELS[row.to]}`,
    formatRatio(row.median),
    formatRatio(row.p95),
  ]);
  return [
    `Sidebar: selection → contact card in the playground, ${settings.rounds} conversations, emulator latency ${settings.latencyMs} ms, limits ${settings.limits}`,
    `Chromium ${settings.chromium} headless, ${build}. Timed in the page, from the click to the card in the sidebar's DOM. One run: compare ratios, not absolute times.`,
    `Measured once the mirror was live: its initial load took ${mirror.loadS.toFixed(1)} s and ${mirror.loadCalls} background calls at real limits (default SYNC_BUDGET_SHARE).`,
    '',
    formatTable(
      [
        'scenario',
        'n',
        'median ms',
        'p95 ms',
        'token calls / visit: sidebar (mean)',
        '(median)',
        'sync, meanwhile',
      ],
      scenarioRows,
    ),
    '',
    formatTable(['ratio', 'median', 'p95'], ratioRows),
    '',
    "What the page asked of the app during the visits (requests per visit; the sidebar's reach the token through the gateway, the playground's do not):",
    formatTable(
      [
        'frame',
        'route',
        'cold',
        'starts (cold, ms after click)',
        'takes (cold, ms)',
        '2nd agent',
        'warm',
      ],
      result.requests.map((row) => [
        row.frame,
        row.route,
        formatCalls(row.perVisit.cold),
        row.coldStartMs === null ? '—' : formatMs(row.coldStartMs),
        row.coldMedianMs === null ? '—' : formatMs(row.coldMedianMs),
        formatCalls(row.perVisit.warmGatewayColdBrowser),
        formatCalls(row.perVisit.warm),
      ]),
      ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
    "cold: a conversation nobody opened yet, in a new browser context (its context not asked for yet; team-wide lists such as users may be in the gateway's 15 s cache, or not);",
    'warm gateway, cold browser: the same conversation at once in another new context, as a second agent sees it;',
    'warm: deselected (Escape) and selected again in that page.',
    "Token calls: the sidebar's are the gateway's interactive lane; the sync's (background lane) fell within the visits but are not theirs.",
    `Gateway over the run, mirror load included: ${gateway.calls.interactive} interactive + ${gateway.calls.background} background calls to Missive, ${gateway.rateLimited} 429s, ${gateway.shed} shed. The playground's own list and thread, and the fetchConversations it gives the sidebar, read the emulator off the token, as Missive's window does.`,
    '',
    `Beside the ${PREVIOUS_DESIGN.source}: figures from an earlier run, NOT measured by this one (the old design cannot run in this build).`,
    formatTable(
      ['', 'this run', PREVIOUS_DESIGN.source, 'this ÷ previous'],
      previousDesignRows(result.scenarios),
    ),
    '',
    formatTargets('Targets for the sidebar (issue #9):', result.targets),
  ].join('\n');
}

// --- Options ---------------------------------------------------------------

export interface SidebarBenchOptions {
  /** Conversations measured, each in all three scenarios. */
  rounds: number;
  /** The emulator's mean added latency per request. */
  latencyMs: number;
  chromiumPath: string;
  /** Progress lines; nothing is printed without it. */
  log?: (line: string) => void;
}

/** BENCH_SIDEBAR_ROUNDS, BENCH_LATENCY_MS (as the gateway bench reads it) and CHROMIUM_PATH. */
export function sidebarBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): SidebarBenchOptions {
  return {
    // The seed's inbox holds about 16 conversations with distinct external authors.
    rounds: readNumber(env, 'BENCH_SIDEBAR_ROUNDS', 15, [1, 50]),
    latencyMs: readLatencyMs(env),
    chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  };
}

// --- The browser -------------------------------------------------------------

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
/** The contacts feature's cards: a known contact, or the "Create contact" card. */
const CARD_NAME = /^(?:Contact|Not a contact): /;
const SELECT_NOTICE = 'Select a conversation to see who you are talking to.';
const STEP_TIMEOUT_MS = 20_000;

/** Fails with how to install Chromium when it is not there; bench.ts asks before any server starts. */
export function requireChromium(path: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}: install it with "sudo apt-get update && sudo apt-get install -y chromium", or set CHROMIUM_PATH`,
    );
  }
}

async function launchChromium(path: string): Promise<Browser> {
  requireChromium(path);
  try {
    return await chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not launch Chromium at ${path}: ${reason}`, { cause: error });
  }
}

/** One playground tab in a browser context of its own: no query cache, no HTTP cache. */
interface Playground {
  context: BrowserContext;
  page: Page;
}

async function openPlayground(browser: Browser, origin: string): Promise<Playground> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${origin}/playground#key=${encodeURIComponent(BENCH_SERVER_KEY)}`);
    await conversationList(page).getByRole('option').first().waitFor();
    await sidebarFrame(page).getByText(SELECT_NOTICE).waitFor();
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

function conversationList(page: Page) {
  return page.getByRole('listbox', { name: 'Conversations' });
}

function sidebarFrame(page: Page) {
  return page.frameLocator('iframe[title="Sidebar"]');
}

async function listedConversationIds(page: Page): Promise<string[]> {
  // Typed by hand: the DOM's Element is not in this project's Node typings.
  const optionIds = await conversationList(page)
    .getByRole('option')
    .evaluateAll((options: readonly { id: string }[]) => options.map((option) => option.id));
  return optionIds.flatMap((id) => conversationIdOfOption(id) ?? []);
}

/** The sidebar's document, found without a round trip to the browser. */
function sidebarDocument(page: Page): Frame {
  const frame = page.frame({ url: (url) => url.pathname === '/sidebar' });
  if (!frame) throw new Error('the playground has no sidebar iframe');
  return frame;
}

/**
 * Runs in the sidebar before the click. It refuses to start while a card
 * is shown (any card after the click must be this conversation's), then
 * notes the playground's clock twice: at the click (capture phase, before
 * React handles it) and when a card first enters the sidebar's DOM. A
 * string, not a function: this project's Node scripts are typed without
 * the DOM library.
 */
const START_STOPWATCH = `(() => {
  const name = new RegExp(${JSON.stringify(CARD_NAME.source)});
  const cardShown = () =>
    [...document.querySelectorAll('article[aria-label]')].some((card) =>
      name.test(card.getAttribute('aria-label')),
    );
  if (cardShown()) return 'a contact card is shown before any conversation is selected';
  const playground = window.parent;
  playground.__benchClickAt = new Promise((resolve) => {
    playground.addEventListener('click', () => resolve(playground.performance.now()), {
      capture: true,
      once: true,
    });
  });
  playground.__benchCardAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!cardShown()) return;
      observer.disconnect();
      resolve(playground.performance.now());
    });
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-label'],
    });
  });
  return null;
})()`;

/**
 * Clicks the conversation and times it in the browser, from the click to
 * the card (see START_STOPWATCH); Playwright only waits for the card by
 * its role and name, as an agent would look for it.
 */
async function timeSelection(
  page: Page,
  conversation: CatalogConversation,
): Promise<{ ms: number; clickedAt: number }> {
  const frame = sidebarFrame(page);
  await frame.getByText(SELECT_NOTICE).waitFor();
  const refused: unknown = await sidebarDocument(page).evaluate(START_STOPWATCH);
  if (typeof refused === 'string') throw new Error(refused);
  await conversationList(page)
    .getByRole('option')
    .and(page.locator(`[id$="-option-${conversation.id}"]`))
    .click();
  try {
    await frame.getByRole('article', { name: CARD_NAME }).first().waitFor();
  } catch (error) {
    const shown = await frame
      .locator('main')
      .innerText({ timeout: 1000 })
      .catch(() => '(nothing)');
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `no contact card for conversation ${conversation.id} (${reason}); the sidebar shows: ${shown.slice(0, 300)}`,
      { cause: error },
    );
  }
  // The click also as wall-clock time, the clock Playwright times requests by.
  const read: unknown = await page.evaluate(
    'Promise.all([window.__benchClickAt, window.__benchCardAt]).then(([click, card]) => [card - click, performance.timeOrigin + click])',
  );
  const [ms, clickedAt] = Array.isArray(read) ? (read as unknown[]) : [];
  if (typeof ms !== 'number' || !(ms >= 0) || typeof clickedAt !== 'number') {
    throw new Error(`the in-page stopwatch failed (read ${JSON.stringify(read)})`);
  }
  await expectParticipant(page, conversation);
  return { ms, clickedAt };
}

/** The card's section must name one of the conversation's external authors, or this timed another card. */
async function expectParticipant(page: Page, conversation: CatalogConversation): Promise<void> {
  const text = (
    await sidebarFrame(page).getByRole('region', { name: 'Contacts' }).innerText()
  ).toLowerCase();
  if (!conversation.emails.some((email) => text.includes(email.toLowerCase()))) {
    throw new Error(
      `the contact card shown for conversation ${conversation.id} names none of ${conversation.emails.join(', ')}`,
    );
  }
}

// --- The benchmark -------------------------------------------------------------

export interface SidebarBenchResult {
  settings: {
    rounds: number;
    latencyMs: number;
    limits: string;
    chromium: string;
    build: BuildInfo;
  };
  /** The conversations measured, in order. */
  conversations: { id: string; emails: string[] }[];
  scenarios: ScenarioStats[];
  ratios: ScenarioRatio[];
  samples: Record<Scenario, SidebarSample[]>;
  targets: TargetCheck[];
  /** What the page asked of the gateway, route by route. */
  requests: RouteStats[];
  /** The mirror's initial load, waited for before any visit. */
  mirror: { loadS: number; loadCalls: number };
  /** The gateway's own counters at the end of the run. */
  gateway: { calls: LaneCalls; rateLimited: number; shed: number; cacheHitRate: number };
  elapsedS: number;
}

/**
 * Times one selection and counts what it cost upstream, from a quiet
 * gateway to a quiet gateway. `quiet` is a report taken since the last
 * thing that could have made requests, when there is one.
 */
async function measure(
  server: RunningServer,
  page: Page,
  conversation: CatalogConversation,
  quiet?: LimitsReport,
): Promise<{ sample: SidebarSample; after: LimitsReport }> {
  const before = quiet ?? (await waitForQuiet(server));
  const seen: { request: Request; frame: PageRequest['frame'] }[] = [];
  const onDone = (request: Request) => {
    if (!new URL(request.url()).pathname.startsWith('/api/')) return;
    let frame: PageRequest['frame'] = 'playground';
    try {
      if (new URL(request.frame().url()).pathname === '/sidebar') frame = 'sidebar';
    } catch {
      // A request without a frame (a worker's) is the page's own.
    }
    seen.push({ request, frame });
  };
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  let timed: { ms: number; clickedAt: number };
  let after: LimitsReport;
  try {
    timed = await timeSelection(page, conversation);
    after = await waitForQuiet(server);
  } finally {
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
  const requests = seen.map(({ request, frame }): PageRequest => {
    const timing = request.timing();
    return {
      frame,
      route: routeOf(request.method(), request.url()),
      startMs: timing.startTime - timed.clickedAt,
      // -1 when the answer never ended (a failed request).
      ms: Math.max(0, timing.responseEnd),
    };
  });
  const { ms } = timed;
  return {
    sample: { conversationId: conversation.id, ms, calls: callsBetween(before, after), requests },
    after,
  };
}

export async function runSidebarBench(options: SidebarBenchOptions): Promise<SidebarBenchResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  requireChromium(options.chromiumPath);
  const build = ensureBuild(log);
  const catalog = await loadCatalog();
  const browser = await launchChromium(options.chromiumPath);
  let server: RunningServer | undefined;
  const open: Playground[] = [];
  try {
    const running = await startServer(options.latencyMs);
    server = running;
    log("sidebar bench: waiting for the mirror's initial load (GET /api/sync, every object live)…");
    const loadS = (await running.mirrorLive()) / 1000;
    const loaded = await running.limits();
    const fresh = async () => {
      const playground = await openPlayground(browser, running.origin);
      open.push(playground);
      return playground.page;
    };
    const closeAll = async () => {
      for (const playground of open.splice(0)) await playground.context.close();
    };

    // The page the list is read from has loaded nothing about any
    // conversation: it serves the first cold visit.
    let unused: Page | undefined = await fresh();
    const conversations = pickConversations(
      await listedConversationIds(unused),
      catalog.conversations,
      options.rounds,
    );
    if (conversations.length < options.rounds) {
      throw new Error(
        `the playground's inbox lists only ${conversations.length} conversations with an external author not seen in another: set BENCH_SIDEBAR_ROUNDS to at most ${conversations.length}`,
      );
    }
    log(
      `sidebar bench: ${conversations.length} conversations, cold, warm gateway and warm, emulator latency ${options.latencyMs} ms…`,
    );

    const samples: Record<Scenario, SidebarSample[]> = {
      cold: [],
      warmGatewayColdBrowser: [],
      warm: [],
    };
    for (const conversation of conversations) {
      const cold = await measure(running, unused ?? (await fresh()), conversation);
      unused = undefined;
      samples.cold.push(cold.sample);
      await closeAll();
      const page = await fresh();
      const secondAgent = await measure(running, page, conversation);
      samples.warmGatewayColdBrowser.push(secondAgent.sample);
      // Escape selects nothing, as in Missive; the sidebar then shows no
      // conversation. It reads nothing, so the gateway is still quiet.
      await page.keyboard.press('Escape');
      samples.warm.push((await measure(running, page, conversation, secondAgent.after)).sample);
      await closeAll();
    }

    const scenarios = SCENARIOS.map((scenario) => summariseScenario(scenario, samples[scenario]));
    const limits = await running.limits();
    const elapsedS = (performance.now() - started) / 1000;
    log(`sidebar bench: done in ${elapsedS.toFixed(0)} s`);
    return {
      settings: {
        rounds: conversations.length,
        latencyMs: options.latencyMs,
        // The demo server's default, as bench-gateway's emulators enforce it.
        limits: MISSIVE_LIMITS,
        chromium: browser.version(),
        build,
      },
      conversations: conversations.map(({ id, emails }) => ({ id, emails })),
      scenarios,
      ratios: compareScenarios(scenarios),
      samples,
      targets: sidebarTargets(scenarios),
      requests: summariseRequests(samples),
      mirror: { loadS, loadCalls: loaded.upstream.upstreamCallsByLane.background },
      gateway: {
        calls: limits.upstream.upstreamCallsByLane,
        rateLimited: limits.upstream.rateLimited,
        shed: limits.queues.shed,
        cacheHitRate: limits.cache.hitRate,
      },
      elapsedS,
    };
  } finally {
    for (const playground of open) await playground.context.close().catch(() => undefined);
    await browser.close();
    await server?.stop();
  }
}
