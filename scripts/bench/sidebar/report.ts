/**
 * What the sidebar benchmark hands back and the table `npm run bench`
 * prints from it: the scenarios and their ratios, the routes the page
 * asked for, the gateway's counters, and this run beside the previous
 * design's recorded figures.
 */
import type { BuildInfo } from '../../bench-server';
import { formatTable, formatTargets, ratio, type TargetCheck } from '../../bench-stats';
import {
  PREVIOUS_DESIGN,
  SCENARIO_LABELS,
  type LaneCalls,
  type RouteStats,
  type Scenario,
  type ScenarioRatio,
  type ScenarioStats,
  type SidebarSample,
} from './stats';

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
