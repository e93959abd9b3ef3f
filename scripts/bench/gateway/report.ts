/**
 * The gateway benchmark's report: every mode's figures side by side with
 * the new read model ÷ the old design through the gateway, issue #9's
 * targets for the read model, and the table `npm run bench` prints.
 */
import {
  checkTarget,
  formatTable,
  formatTargets,
  formatValue,
  ratio,
  type TargetCheck,
  type Unit,
} from '../../bench-stats';
import type { ModeResult } from './results';
import { MODES, MODE_LABELS, type Mode } from './targets';

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
