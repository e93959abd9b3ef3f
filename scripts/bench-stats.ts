/**
 * What every benchmark here shares: statistics, plain-text tables, a
 * replayable random number generator, reading BENCH_* settings and which
 * parts to run, and checking a result against the target an issue set for
 * it. Pure and unit-tested.
 */

/**
 * The value at rank ⌊(n − 1)·p⌋ of an ascending list, 0 for an empty one.
 * Nearest-rank without interpolation: every number reported is one that was
 * actually measured.
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

/** after − before, field by field: what happened between two readings of running totals. */
export function subtractCounts<K extends string>(
  after: Readonly<Record<K, number>>,
  before: Readonly<Record<K, number>>,
): Record<K, number> {
  const keys = Object.keys(after) as K[];
  return Object.fromEntries(keys.map((key) => [key, after[key] - before[key]])) as Record<
    K,
    number
  >;
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

/** How a value prints: `fineMs` keeps two decimals under 10 ms, for answers that take a fraction of one. */
export type Unit = 'count' | 'ms' | 'fineMs' | 'per' | 'share';

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'count':
      return String(Math.round(value));
    case 'ms':
      return value.toFixed(0);
    case 'fineMs':
      return value < 10 ? value.toFixed(2) : value.toFixed(1);
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

/** Missive's round trip as the benchmarks play it: the emulator's mean added latency. */
export const DEFAULT_LATENCY_MS = 120;

/** BENCH_LATENCY_MS: the emulator's mean added latency, for every benchmark that starts one. */
export function readLatencyMs(env: Readonly<Record<string, string | undefined>>): number {
  return readNumber(env, 'BENCH_LATENCY_MS', DEFAULT_LATENCY_MS, [0, 10_000]);
}

/** BENCH_SECONDS, BENCH_LATENCY_MS and BENCH_SEED: how long a team runs, and on what. */
export function readRunSettings(
  env: Readonly<Record<string, string | undefined>>,
  defaults: { seconds: number; seed: number },
): { seconds: number; latencyMs: number; seed: number } {
  return {
    seconds: readNumber(env, 'BENCH_SECONDS', defaults.seconds, [1, 600]),
    latencyMs: readLatencyMs(env),
    seed: readNumber(env, 'BENCH_SEED', defaults.seed, [0, 1_000_000]),
  };
}

// --- Which parts of `npm run bench` run -------------------------------------------

export const BENCH_PARTS = [
  'emulator',
  'gateway',
  'agents',
  'integrations',
  'outage',
  'sidebar',
  'cluster',
  'scale',
] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

/**
 * Which parts run: those named on the command line, in the bench's own
 * order; none named, every part but scale, and scale too when BENCH_SCALE
 * is set (it takes minutes).
 */
export function benchParts(args: readonly string[], scaleSet: boolean): BenchPart[] {
  const unknown = args.filter((arg) => !(BENCH_PARTS as readonly string[]).includes(arg));
  if (unknown.length) {
    throw new Error(
      `unknown part ${unknown.join(', ')}: name any of ${BENCH_PARTS.join(', ')}, or none for all`,
    );
  }
  if (args.length) return BENCH_PARTS.filter((part) => args.includes(part));
  return BENCH_PARTS.filter((part) => part !== 'scale' || scaleSet);
}

/** bench.json for a whole run, bench-<parts>.json for a few parts, so a part never hides a whole run. */
export function reportName(parts: readonly BenchPart[]): string {
  const whole = BENCH_PARTS.every((part) => part === 'scale' || parts.includes(part));
  return whole ? 'bench.json' : `bench-${parts.join('-')}.json`;
}

// --- Targets ------------------------------------------------------------------

/** A figure an issue asks for, and what this run measured. */
export interface TargetCheck {
  /** What is measured, e.g. "cold median ms". */
  what: string;
  /** The bound as printed, e.g. "≤ 150". */
  target: string;
  /** The measured value as printed; "—" when nothing was measured. */
  measured: string;
  met: boolean;
}

/**
 * `value` against `bound` (`at most` or `at least`); a value that could not
 * be measured (null) misses, so an empty run never passes for a good one.
 */
export function checkTarget(
  what: string,
  value: number | null,
  comparison: 'at most' | 'at least',
  bound: number,
  unit: Unit,
): TargetCheck {
  const met =
    value !== null &&
    Number.isFinite(value) &&
    (comparison === 'at most' ? value <= bound : value >= bound);
  return {
    what,
    target: `${comparison === 'at most' ? '≤' : '≥'} ${formatValue(bound, unit)}`,
    measured: formatValue(value, unit),
    met,
  };
}

/** The targets as a table, then how many were met. */
export function formatTargets(title: string, checks: readonly TargetCheck[]): string {
  const met = checks.filter((check) => check.met).length;
  return [
    title,
    formatTable(
      ['target', 'wanted', 'this run', ''],
      checks.map((check) => [
        check.what,
        check.target,
        check.measured,
        check.met ? 'met' : 'MISSED',
      ]),
      ['left', 'right', 'right', 'left'],
    ),
    `${met} of ${checks.length} met.`,
  ].join('\n');
}
