/**
 * The sidebar benchmark's figures, pure and unit-tested: its three
 * scenarios, each visit's sample, the statistics by scenario and by route
 * the page asked for, the calls on the token between two readings of
 * GET /api/limits, issue #9's targets, and which conversations to visit.
 */
import type { LimitsReport } from '@crm/shared/limits';
import type { CatalogConversation } from '../../bench-missive';
import {
  checkTarget,
  percentile,
  ratio,
  subtractCounts,
  type TargetCheck,
} from '../../bench-stats';

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
