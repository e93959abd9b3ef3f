import { formatTable } from '../../bench-stats';
import {
  runClusterScenario,
  type ClusterScenarioOptions,
  type ClusterScenarioResult,
} from './scenario';

/**
 * The same team on four shapes of deployment, one after the other: one
 * embedded gateway (the default), three that share nothing (each sure it
 * owns the whole budget: the naive scale-out), three sharing Redis and
 * PostgreSQL, and the same three with one SIGKILLed mid-burst.
 */
const SHAPES: readonly Pick<ClusterScenarioOptions, 'instances' | 'shared' | 'killAtMs'>[] = [
  { instances: 1, shared: false },
  { instances: 3, shared: false },
  { instances: 3, shared: true },
  { instances: 3, shared: true, killAtMs: 10_000 },
];

export type ClusterBenchOptions = Omit<ClusterScenarioOptions, 'instances' | 'shared' | 'killAtMs'>;

export const DEFAULT_CLUSTER_OPTIONS: Omit<ClusterBenchOptions, 'log'> = {
  agents: 20,
  durationMs: 30_000,
  // Reads the budget can carry (about 200 calls in the minute, where 294 are
  // allowed), so that what a kill costs is not hidden behind a full window.
  thinkMs: 1500,
  latencyMs: 150,
  slotLeaseMs: 2000,
  webhooks: 8,
};

export async function runClusterBench(
  options: ClusterBenchOptions,
): Promise<ClusterScenarioResult[]> {
  const results: ClusterScenarioResult[] = [];
  for (const shape of SHAPES) {
    const result = await runClusterScenario({ ...options, ...shape });
    options.log(
      `  ${result.shape}: ${result.served}/${result.reads} served, ${result.upstream.rejected429} × 429`,
    );
    results.push(result);
  }
  return results;
}

export function formatClusterReport(
  results: readonly ClusterScenarioResult[],
  options: Omit<ClusterBenchOptions, 'log'>,
): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  return [
    `Several gateways on one token (#14): ${options.agents} agents for ${options.durationMs / 1000} s, a read each ~${options.thinkMs} ms, Missive's limits (concurrent=5,300/60s,900/900s), ${options.latencyMs} ms answers, ${options.webhooks} webhooks each delivered to two instances`,
    formatTable(
      [
        'deployment',
        'served',
        'p50',
        'p95',
        'cache hits',
        "Missive's 429s",
        'most at once',
        'webhooks stored / twice',
        'streams moved / missed',
      ],
      results.map((result) => [
        result.shape,
        `${percent(result.servedShare)} of ${result.reads}`,
        `${result.p50Ms} ms`,
        `${result.p95Ms} ms`,
        percent(result.cacheHitRate),
        String(result.upstream.rejected429),
        `${result.upstream.peakInFlight} / ${result.upstream.concurrent}`,
        `${result.webhooks.stored}/${result.webhooks.sent} / ${result.webhooks.duplicates}`,
        `${result.streams.reconnected} / ${result.streams.missedAfterKill}`,
      ]),
    ),
    ...results.flatMap((result) =>
      result.kill
        ? [
            `After the SIGKILL: the other two served ${result.kill.servedAfter} reads and failed ${result.kill.failedAfter}; the dead instance held ${result.kill.deadSlots.atKill} slot(s), leased until ${result.kill.deadSlots.longestMs} ms after its death (lease ${options.slotLeaseMs} ms), and ${result.kill.deadSlots.afterLease} still counted once the lease had passed.`,
          ]
        : [],
    ),
  ].join('\n');
}
