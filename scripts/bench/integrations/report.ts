/**
 * The integrations benchmark's report: each scenario's figures side by
 * side with each firehose ÷ alone, issue #12's targets (the paced run's
 * claim, the unpaced run's capacity), and the table `npm run bench` prints.
 */
import { parseRateLimits } from '@crm/shared/rate-limits';
import { margins } from '../../../server/src/gateway/budget';
import type { Backoff } from '../../../server/src/integrations/delivery-queue';
import {
  checkTarget,
  formatTable,
  formatTargets,
  formatValue,
  ratio,
  type TargetCheck,
  type Unit,
} from '../../bench-stats';
import { servedShare, teamMetrics, type Metric } from '../gateway/results';
import type { IntegrationsBenchOptions } from './options';
import {
  FIREHOSE_SCENARIOS,
  RUN_ORDER,
  SCENARIOS,
  scenarioLabel,
  type FirehoseResult,
  type FirehoseScenario,
  type Scenario,
  type ScenarioResult,
} from './scenario';

export interface IntegrationsComparisonRow {
  label: string;
  unit: Unit;
  values: Record<Scenario, number | null>;
  /** Beside each firehose ÷ alone. */
  ratios: Record<FirehoseScenario, number | null>;
}

/** The background lane's cap in each of Missive's windows, as the gateway counts it (budget.ts). */
export interface LaneCap {
  windowS: number;
  calls: number;
}

export interface IntegrationsBenchResult {
  settings: Omit<IntegrationsBenchOptions, 'log'> & {
    limits: string;
    /** GATEWAY_BACKGROUND_SHARE as the gateway had it: the lane the posts and the sync share. */
    backgroundShare: number;
    backgroundCaps: LaneCap[];
    /** How the integrations' queue retried: production's DEFAULT_BACKOFF. */
    integrationBackoff: Backoff;
    thinkMs: readonly [number, number];
  };
  /** The mirror's initial load before each run (not counted in it). */
  mirrorLoadS: Record<Scenario, number | null>;
  scenarios: Record<Scenario, ScenarioResult>;
  comparison: IntegrationsComparisonRow[];
  /** The paced run's targets (the claim), and the unpaced run's (no latency target: capacity). */
  targets: Record<FirehoseScenario, TargetCheck[]>;
}

const perMinute = (count: number, seconds: number) => ratio(count * 60, seconds);

const acceptedPerSecond = (result: ScenarioResult) =>
  result.firehose ? ratio(result.firehose.accepted, result.firehose.elapsedS) : null;

const METRICS: readonly Metric<ScenarioResult>[] = [
  ...teamMetrics<ScenarioResult>(),
  // Over the sidebars' run only, what they competed with: the emulator's count, by the gateway's lanes.
  ['Missive calls while the sidebars ran', 'count', (r) => r.team.upstream.admitted],
  ['  people (interactive)', 'count', (r) => r.team.gateway?.interactiveCalls ?? null],
  ['  posts + sync (background)', 'count', (r) => r.team.gateway?.backgroundCalls ?? null],
  ['  busiest 60 s, share of 300/60 s', 'share', (r) => r.team.budget.peakWindowShare],
  ['429s from Missive (target 0)', 'count', (r) => r.rejected429],
  ['  429s the gateway saw (target 0)', 'count', (r) => r.gatewaySaw429],
  ['unexpected errors in the gateway', 'count', (r) => r.unexpectedErrors],
  ['GitHub deliveries sent', 'count', (r) => r.firehose?.sent ?? null],
  ['  accepted (202)', 'count', (r) => r.firehose?.accepted ?? null],
  ['  accepted per second', 'per', acceptedPerSecond],
  ['  p50 ms to the 202', 'fineMs', (r) => r.firehose?.acceptLatency.p50Ms ?? null],
  ['  p95 ms to the 202', 'fineMs', (r) => r.firehose?.acceptLatency.p95Ms ?? null],
  [
    '  not accepted (any other answer)',
    'count',
    (r) =>
      r.firehose ? Object.values(r.firehose.notAccepted).reduce((sum, n) => sum + n, 0) : null,
  ],
  [
    'GitHub posts in Missive while the sidebars ran',
    'count',
    (r) => r.firehose?.postsInRun ?? null,
  ],
  [
    '  posts a minute, while the sidebars ran',
    'per',
    (r) => (r.firehose ? perMinute(r.firehose.postsInRun, r.firehose.elapsedS) : null),
  ],
  ['  s the queue was then given to drain', 'per', (r) => r.firehose?.drainS ?? null],
  ['  posts in Missive at the end', 'count', (r) => r.firehose?.posts ?? null],
  [
    '  posts a minute, run and drain',
    'per',
    (r) =>
      r.firehose ? perMinute(r.firehose.posts, r.firehose.elapsedS + r.firehose.drainS) : null,
  ],
  ['  conversations they are in', 'count', (r) => r.firehose?.conversations ?? null],
  ['  deliveries sent (store)', 'count', (r) => r.firehose?.deliveries.sent ?? null],
  ['  deliveries dead-lettered', 'count', (r) => r.firehose?.deliveries.dead ?? null],
  [
    '  deliveries left in the queue',
    'count',
    (r) => (r.firehose ? r.firehose.deliveries.queued + r.firehose.deliveries.sending : null),
  ],
  [
    '  background calls, run and drain',
    'count',
    (r) => (r.firehose ? r.callsByLane.background : null),
  ],
];

export function compareScenarios(
  scenarios: Record<Scenario, ScenarioResult>,
): IntegrationsComparisonRow[] {
  return METRICS.map(([label, unit, read]) => {
    const values = {
      alone: read(scenarios.alone),
      paced: read(scenarios.paced),
      unpaced: read(scenarios.unpaced),
    };
    const toAlone = (value: number | null) =>
      values.alone === null || value === null ? null : ratio(value, values.alone);
    return {
      label,
      unit,
      values,
      ratios: { paced: toAlone(values.paced), unpaced: toAlone(values.unpaced) },
    };
  });
}

/**
 * Least accepted for the sidebars' fully-served share beside the paced
 * firehose ÷ alone: their switches spend no Missive call, so the deliveries
 * have nothing of theirs to take but the gateway's attention; 0.99 leaves
 * one switch in a hundred to chance.
 */
export const MIN_SERVED_RATIO = 0.99;
/**
 * Most accepted for the sidebars' p95 beside the paced firehose ÷ alone. A
 * read model's p95 is a few ms, where one run's noise (the machine is
 * shared, the runs are on different stacks) moves it by a fifth; 1.25 is
 * that noise, and a gateway busy with deliveries in front of the sidebars
 * shows well beyond it (the unpaced run shows how far).
 */
export const MAX_P95_RATIO = 1.25;
/**
 * Least share of the asked rate the paced firehose must reach for its run
 * to count as at that rate: a gateway too slow to keep up would be sent
 * less, and its sidebars' p95 would flatter it.
 */
export const MIN_PACE_SHARE = 0.95;

/**
 * Posts the store and Missive disagree on: deliveries marked sent beyond
 * Missive's posts (lost), and posts beyond the deliveries sent or under way
 * (doubled). The one under way at the count may or may not have its post yet.
 */
export function lostOrDoubled(firehose: Pick<FirehoseResult, 'posts' | 'deliveries'>): number {
  const { sent, sending } = firehose.deliveries;
  return Math.max(0, sent - firehose.posts) + Math.max(0, firehose.posts - sent - sending);
}

const refusals = (result: ScenarioResult) => result.rejected429 + result.gatewaySaw429;

/**
 * Issue #12. Beside the paced firehose (the claim): no 429, the asked rate
 * reached and every delivery accepted, every post Missive has a delivery
 * the store marks sent (none lost, none twice), none dead-lettered, and the
 * sidebars do not notice. Beside the unpaced one (capacity): no 429 and no
 * post lost or doubled; its accepted rate and the sidebars' p95 there are
 * reported, not held to a target.
 */
export function integrationsTargets(
  scenarios: Record<Scenario, ScenarioResult>,
): Record<FirehoseScenario, TargetCheck[]> {
  const { alone, paced, unpaced } = scenarios;
  const p95 = (result: ScenarioResult) =>
    result.team.switches.completed ? result.team.switches.latency.p95Ms : null;
  const toAlone = (read: (result: ScenarioResult) => number | null) => {
    const base = read(alone);
    const value = read(paced);
    return base === null || value === null ? null : ratio(value, base);
  };
  const lostOrDoubledIn = (result: ScenarioResult) =>
    result.firehose ? lostOrDoubled(result.firehose) : null;
  const firehose = paced.firehose;
  return {
    paced: [
      checkTarget('429s (Missive + gateway)', refusals(paced), 'at most', 0, 'count'),
      checkTarget(
        'deliveries accepted a second, ÷ the rate asked',
        firehose?.rate ? (acceptedPerSecond(paced) ?? 0) / firehose.rate : null,
        'at least',
        MIN_PACE_SHARE,
        'per',
      ),
      checkTarget('sidebar reads shed (503)', paced.team.interactive.shed, 'at most', 0, 'count'),
      checkTarget(
        'sidebars fully served, ÷ alone',
        toAlone(servedShare),
        'at least',
        MIN_SERVED_RATIO,
        'per',
      ),
      checkTarget("sidebars' p95, ÷ alone", toAlone(p95), 'at most', MAX_P95_RATIO, 'per'),
      checkTarget(
        'deliveries not accepted (answered other than 202)',
        firehose ? firehose.sent - firehose.accepted : null,
        'at most',
        0,
        'count',
      ),
      checkTarget(
        'deliveries sent without a post in Missive, or posted twice',
        lostOrDoubledIn(paced),
        'at most',
        0,
        'count',
      ),
      checkTarget(
        'deliveries dead-lettered',
        firehose?.deliveries.dead ?? null,
        'at most',
        0,
        'count',
      ),
    ],
    unpaced: [
      // Without a firehose to measure, its targets miss: an empty run never passes for a good one.
      checkTarget(
        '429s (Missive + gateway)',
        unpaced.firehose ? refusals(unpaced) : null,
        'at most',
        0,
        'count',
      ),
      checkTarget(
        'deliveries sent without a post in Missive, or posted twice',
        lostOrDoubledIn(unpaced),
        'at most',
        0,
        'count',
      ),
    ],
  };
}

/** A firehose's run in words: its pace, its caps, its backlog, its first few failures. */
function describeFirehose(result: IntegrationsBenchResult, scenario: FirehoseScenario): string[] {
  const firehose = result.scenarios[scenario].firehose;
  if (!firehose) return [];
  const left = firehose.deliveries.queued + firehose.deliveries.sending;
  const longest = result.settings.backgroundCaps.at(-1);
  const drain =
    left === 0
      ? `the queue drained ${firehose.drainS.toFixed(1)} s after the run`
      : `${left} deliveries were left in the queue after ${firehose.drainS.toFixed(0)} s of draining` +
        (longest
          ? `: at the background lane's ${longest.calls} calls a ${longest.windowS} s (shared with the sync) they need at least ${((left * longest.windowS) / longest.calls / 60).toFixed(0)} min more`
          : '');
  const perSecond = formatValue(acceptedPerSecond(result.scenarios[scenario]), 'per');
  const pace =
    firehose.rate === null
      ? `unpaced (capacity): ${firehose.concurrency} in flight, each sent as soon as the last was answered`
      : `paced at ${firehose.rate}/s, at most ${firehose.concurrency} in flight`;
  return [
    `GitHub firehose ${pace}: ${firehose.sent} deliveries in ${firehose.elapsedS.toFixed(1)} s, cycling through ${firehose.deliveriesPrepared} events (each sending a body of its own, its thread's updated_at moved on, and a new X-GitHub-Delivery); ${firehose.accepted} accepted, ${perSecond} a second; ${firehose.posts} posts in Missive over ${firehose.conversations} conversations; ${drain}.`,
    ...firehose.failures.map((failure) => `  not accepted: ${failure}`),
  ];
}

export function formatIntegrationsReport(result: IntegrationsBenchResult): string {
  const { settings } = result;
  const caps = settings.backgroundCaps
    .map((cap) => `${cap.calls} calls a ${cap.windowS} s`)
    .join(', ');
  const ratioCell = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)}×`);
  const rows = result.comparison.map((row) => [
    row.label,
    ...SCENARIOS.map((scenario) => formatValue(row.values[scenario], row.unit)),
    ...FIREHOSE_SCENARIOS.map((scenario) => ratioCell(row.ratios[scenario])),
  ]);
  const header = [
    '',
    ...SCENARIOS.map((scenario) => scenarioLabel(scenario, settings.rate)),
    ...FIREHOSE_SCENARIOS.map((scenario) => `${scenario} ÷ alone`),
  ];
  const load = (scenario: Scenario) => {
    const seconds = result.mirrorLoadS[scenario];
    return `${scenario} ${seconds === null ? '—' : `${seconds.toFixed(1)} s`}`;
  };
  return [
    `Inbound integrations beside the team: ${settings.sidebars} read-model sidebars (one POST /api/context/:id per switch, 0 Missive calls) switching every ${settings.thinkMs[0] / 1000}–${settings.thinkMs[1] / 1000} s for ${settings.seconds} s, alone, beside a GitHub firehose paced at ${settings.rate} deliveries a second (a heavy burst's rate), and beside one unpaced (the gateway's capacity): signed deliveries to POST /integrations/github, at most ${settings.concurrency} in flight, over ${settings.threads} issues and pull requests, then up to ${settings.seconds} s for the queue to drain, retried as in production (${settings.integrationBackoff.attempts} tries, ${settings.integrationBackoff.firstMs / 1000} s doubling to ${settings.integrationBackoff.maxMs / 60_000} min). Emulator latency ${settings.latencyMs} ms, limits ${settings.limits}, GATEWAY_BACKGROUND_SHARE ${settings.backgroundShare} (${caps}), shared by the posts and the mirror's sync.`,
    `Each run on a fresh stack, in this order: ${RUN_ORDER.join(', ')}, each after the mirror's load (${RUN_ORDER.map(load).join(', ')}). One run each: compare ratios, not absolute times.`,
    '',
    formatTable(header, rows),
    '',
    ...FIREHOSE_SCENARIOS.flatMap((scenario) => describeFirehose(result, scenario)),
    '',
    formatTargets(
      `Targets (issue #12), beside the firehose at ${settings.rate}/s: the claim`,
      result.targets.paced,
    ),
    '',
    formatTargets(
      'Targets (issue #12), beside the unpaced firehose: capacity, its accepted/s and p95 ÷ alone above for information',
      result.targets.unpaced,
    ),
  ].join('\n');
}

/** The background lane's cap in each window: its share of what the gateway allows itself (budget.ts). */
export function backgroundCaps(limits: string, share: number): LaneCap[] {
  return parseRateLimits(limits).windows.map((window) => ({
    windowS: window.windowMs / 1000,
    calls: Math.max(1, Math.floor(margins(window.limit, window.windowMs).allowed * share)),
  }));
}
