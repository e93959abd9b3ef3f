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
import { MISSIVE_LIMITS, loadCatalog, measureRoundTrip, type Catalog } from '../../bench-missive';
import { percentile } from '../../bench-stats';
import type { GatewayBenchOptions } from './options';
import { compareModes, readModelTargets, type GatewayBenchResult } from './report';
import type { ModeResult } from './results';
import { runTeam } from './team';
import { MODE_LABELS, START_TARGET, sidebarReads, type Mode } from './targets';

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
