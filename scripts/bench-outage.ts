/**
 * The outage benchmark of issue #10: Missive goes away under a team's
 * reads and comes back. The gateway runs as the integration tests build it,
 * behind a proxy that plays the network to "Missive" (the emulator) and can
 * be taken down; at Missive's real limits. Measured: how agents' reads are
 * answered while Missive is down (how fast, with what), what the outage
 * cost the shared rate budget, and how long after Missive's return the
 * first read is served again, with what the team saw in the seconds after.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { limitsReportSchema } from '@crm/shared/limits';
import { startGatewayHarness, type GatewayHarness } from '../server/src/test/gateway-harness';
import { MISSIVE_LIMITS } from './bench-missive';
import {
  checkTarget,
  formatTable,
  formatTargets,
  summariseLatency,
  type LatencySummary,
  type TargetCheck,
} from './bench-stats';

export interface OutageBenchOptions {
  agents: number;
  /** How long Missive stays away, and how long the team keeps reading after it returns. */
  downMs: number;
  afterMs: number;
  /** Each agent's pause between reads. */
  thinkMs: number;
  log: (line: string) => void;
}

export const DEFAULT_OUTAGE_OPTIONS: Omit<OutageBenchOptions, 'log'> = {
  agents: 20,
  downMs: 10_000,
  afterMs: 5_000,
  thinkMs: 250,
};

export interface OutageReport {
  settings: Omit<OutageBenchOptions, 'log'> & { limits: string };
  down: {
    reads: number;
    /** By status and error code, e.g. "502 upstream_unreachable". */
    answers: Record<string, number>;
    latency: LatencySummary;
    /** Calls counted on the gateway's tightest window while Missive was away. */
    budgetSpent: number;
  };
  /** From Missive's return to the first read served. */
  recoveryMs: number | null;
  after: { reads: number; answers: Record<string, number> };
  targets: TargetCheck[];
}

interface Phase {
  reads: number;
  answers: Record<string, number>;
  latencies: number[];
}

/** Agents reading distinct pages (so neither cache nor coalescing answers them) until `until`. */
async function readUntil(
  harness: GatewayHarness,
  keys: readonly string[],
  options: OutageBenchOptions,
  until: () => boolean,
  phase: Phase,
): Promise<void> {
  let page = 0;
  await Promise.all(
    keys.map(async (key) => {
      while (!until()) {
        page += 1;
        const started = performance.now();
        const answer = await harness.request(`/api/missive/v1/users?limit=${(page % 200) + 1}`, {
          key,
        });
        phase.latencies.push(performance.now() - started);
        phase.reads += 1;
        const code =
          answer.status < 400
            ? ''
            : ` ${errorEnvelopeSchema.safeParse(answer.json).data?.error.code ?? 'no envelope'}`;
        const label = `${answer.status}${code}`;
        phase.answers[label] = (phase.answers[label] ?? 0) + 1;
        await sleep(options.thinkMs);
      }
    }),
  );
}

async function spentOnBudget(harness: GatewayHarness): Promise<number> {
  const limits = limitsReportSchema.parse((await harness.request('/api/limits')).json);
  return limits.upstream.upstreamCalls;
}

export async function runOutageBench(options: OutageBenchOptions): Promise<OutageReport> {
  const harness = await startGatewayHarness({
    throughProxy: true,
    mode: 'live',
    emulatorLimits: MISSIVE_LIMITS,
    gatewayLimits: MISSIVE_LIMITS,
  });
  const missive = harness.proxy;
  if (!missive) throw new Error('the harness started without its proxy');
  try {
    const keys = await Promise.all(
      Array.from({ length: options.agents }, (_, index) => harness.agentKey(`agent-${index + 1}`)),
    );
    if ((await harness.request('/api/missive/v1/users?limit=1')).status !== 200) {
      throw new Error('the gateway did not serve a read before the outage');
    }

    options.log(
      `outage: Missive down for ${options.downMs / 1000} s under ${options.agents} agents`,
    );
    await missive.down();
    const spentBefore = await spentOnBudget(harness);
    const down: Phase = { reads: 0, answers: {}, latencies: [] };
    const downUntil = performance.now() + options.downMs;
    await readUntil(harness, keys, options, () => performance.now() >= downUntil, down);
    const budgetSpent = (await spentOnBudget(harness)) - spentBefore;

    await missive.up();
    const backAt = performance.now();
    let recoveryMs: number | null = null;
    const after: Phase = { reads: 0, answers: {}, latencies: [] };
    const afterUntil = backAt + options.afterMs;
    // The first read served after the return is the recovery; the team's reads go on meanwhile.
    const watch = (async () => {
      while (recoveryMs === null && performance.now() < afterUntil) {
        // no-cache: Missive's own answer, not one the gateway kept from before.
        const probe = await harness.request('/api/missive/v1/users?limit=1', {
          headers: { 'Cache-Control': 'no-cache' },
        });
        if (probe.status === 200) {
          recoveryMs = performance.now() - backAt;
        } else await sleep(50);
      }
    })();
    await Promise.all([
      watch,
      readUntil(harness, keys, options, () => performance.now() >= afterUntil, after),
    ]);

    const refusedAtOnce = down.answers['502 upstream_unreachable'] ?? 0;
    const fivexx500 = (phase: Phase) =>
      Object.entries(phase.answers)
        .filter(([label]) => label.startsWith('500'))
        .reduce((sum, [, count]) => sum + count, 0);
    const report: OutageReport = {
      settings: {
        agents: options.agents,
        downMs: options.downMs,
        afterMs: options.afterMs,
        thinkMs: options.thinkMs,
        limits: MISSIVE_LIMITS,
      },
      down: {
        reads: down.reads,
        answers: down.answers,
        latency: summariseLatency(down.latencies),
        budgetSpent,
      },
      recoveryMs,
      after: { reads: after.reads, answers: after.answers },
      targets: [
        checkTarget('calls spent on the budget while down', budgetSpent, 'at most', 0, 'count'),
        checkTarget(
          'reads answered "unreachable" while down',
          down.reads === 0 ? null : refusedAtOnce / down.reads,
          'at least',
          0.95,
          'share',
        ),
        checkTarget('recovery after the return, ms', recoveryMs, 'at most', 10_000, 'ms'),
        checkTarget(
          'reads refused for the budget after the return (503)',
          after.answers['503 overloaded'] ?? 0,
          'at most',
          0,
          'count',
        ),
        checkTarget('500s', fivexx500(down) + fivexx500(after), 'at most', 0, 'count'),
      ],
    };
    return report;
  } finally {
    await harness.stop();
  }
}

export function formatOutageReport(report: OutageReport): string {
  const answers = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, count]) => `${label} ×${count}`)
      .join(', ');
  const { settings, down, after } = report;
  return [
    `Outage: Missive unreachable for ${settings.downMs / 1000} s under ${settings.agents} agents reading every ${settings.thinkMs} ms, then back; limits ${settings.limits}`,
    formatTable(
      ['phase', 'reads', 'answers', 'median ms', 'p95 ms'],
      [
        [
          'Missive down',
          String(down.reads),
          answers(down.answers),
          down.latency.p50Ms.toFixed(1),
          down.latency.p95Ms.toFixed(1),
        ],
        [
          `${settings.afterMs / 1000} s after its return`,
          String(after.reads),
          answers(after.answers),
          '',
          '',
        ],
      ],
    ),
    `Budget spent while down: ${down.budgetSpent} calls. First read served ${report.recoveryMs === null ? 'never' : `${report.recoveryMs.toFixed(0)} ms`} after Missive's return.`,
    formatTargets('Targets (issue #10)', report.targets),
  ].join('\n');
}
