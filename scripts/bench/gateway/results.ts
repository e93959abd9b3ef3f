/**
 * What one mode's run measured: the team's switches and requests, what
 * reached Missive (read from the emulator, never from the gateway's own
 * bookkeeping) and the share of the budget it used, and the gateway's own
 * counters beside them. Also the team's rows that the benches setting it
 * beside something else (agents, integrations) start their tables with.
 */
import { parseRateLimits } from '@crm/shared/rate-limits';
import { MISSIVE_LIMITS } from '../../bench-missive';
import {
  countStatuses,
  peakInWindow,
  ratio,
  summariseLatency,
  type LatencySummary,
  type StatusCounts,
  type Unit,
} from '../../bench-stats';
import type { RunContext } from './team';
import type { GatewayCounters, Mode, ModeSetup, Tally, UpstreamTap } from './targets';

interface GatewayInternals extends GatewayCounters {
  /** How the gateway answered the agents' proxied reads, by X-Gateway-Source. */
  sources: { cache: number; coalesced: number; upstream: number };
  cacheHitRate: number | null;
}

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

export function summariseMode(
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
