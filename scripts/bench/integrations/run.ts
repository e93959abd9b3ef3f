/**
 * The integrations benchmark of issue #12: can the gateway take a provider's
 * webhook deliveries and post them to Missive without the team's sidebars
 * noticing? The gateway bench's simulated sidebars (read model: one context
 * answer from the mirror per switch, the mirror syncing at its default
 * share) run three times, each on a fresh stack at Missive's real limits
 * with the gateway's defaults (the integrations' queue retrying as in
 * production, DEFAULT_BACKOFF, not the harness's quick one for tests):
 * alone; beside a GitHub firehose PACED at a heavy but real rate
 * (BENCH_FIREHOSE_RATE, 20 deliveries a second by default: see
 * DEFAULT_FIREHOSE_RATE); and beside the same firehose UNPACED, as fast as
 * the gateway answers. The paced run is the claim: deliveries
 * accepted a second and posts sent a minute while the team works, their p95
 * unchanged. The unpaced run measures capacity: how many deliveries a
 * second the gateway's one thread accepts when nothing else limits them,
 * and what that costs the sidebars; it has no latency target, since a
 * thread kept busy on purpose is slower for everyone by construction.
 *
 * The firehose is what GitHub would send a busy organisation's webhook:
 * real fixture bodies (issues opened, labeled, commented on; pull requests
 * opened, ready, closed), their numbers rewritten so that the posts spread
 * over many conversations, each delivery signed with X-Hub-Signature-256
 * and carrying a GUID of its own in X-GitHub-Delivery; as the sender
 * cycles through them, each sending is a body of its own (the thread's
 * updated_at moved on), since the gateway takes a body it has seen for a
 * replay. A small pool of senders (4 by default) posts the deliveries, each
 * as soon as the last is answered (unpaced) or at its time on a fixed
 * schedule (paced), for the sidebars' whole run: the gateway answers each at once (202) and its
 * durable queue posts them to Missive in the background lane, beside the
 * mirror's sync, at that lane's caps. After the run the queue is given as
 * long again to drain; what is left is reported, since either firehose is
 * faster than the lane's budget and cannot drain in that time, and should
 * not: the point is that the backlog waits in the store, not in front of
 * the sidebars.
 *
 * The sender runs in a process of its own (a fork of sender.ts), as
 * GitHub is not in the gateway's process: its HTTP client and the pool's
 * bookkeeping would otherwise share the gateway's event loop and be counted
 * against the sidebars. GitHub is set up as an admin would, through
 * PUT /api/integrations/github with a secret, on every stack alike.
 *
 * The claim's pair runs first, the paced firehose before the sidebars
 * alone, so that anything the machine warms up favours the run without
 * one; the unpaced run (capacity) comes last, so that the garbage it leaves
 * (tens of thousands of deliveries) weighs on neither of the pair. Counts
 * of 429s come from the emulator's limiter and the gateway over the whole
 * scenario (mirror load, run, drain); the posts are counted in the
 * emulator's own data, not from the queue's word, and checked against the
 * deliveries the store marks sent.
 */
import { DEFAULT_BACKOFF } from '../../../server/src/integrations/delivery-queue';
import { MISSIVE_LIMITS, loadCatalog } from '../../bench-missive';
import { DEFAULT_GATEWAY_BENCH_OPTIONS } from '../gateway/options';
import type { IntegrationsBenchOptions } from './options';
import {
  backgroundCaps,
  compareScenarios,
  integrationsTargets,
  type IntegrationsBenchResult,
} from './report';
import {
  RUN_ORDER,
  runScenario,
  scenarioLabel,
  type Scenario,
  type ScenarioResult,
} from './scenario';

export async function runIntegrationsBench(
  options: IntegrationsBenchOptions,
): Promise<IntegrationsBenchResult> {
  const catalog = await loadCatalog();
  const results: Partial<Record<Scenario, ScenarioResult>> = {};
  for (const scenario of RUN_ORDER) {
    options.log?.(
      `integrations bench: sidebars ${scenarioLabel(scenario, options.rate)}, ${options.sidebars} sidebars for ${options.seconds} s (after the mirror is live)…`,
    );
    results[scenario] = await runScenario(scenario, options, catalog);
  }
  const { alone, paced, unpaced } = results;
  if (!alone || !paced || !unpaced) throw new Error('a scenario did not run');
  const scenarios = { alone, paced, unpaced };
  const { backgroundShare } = paced;
  return {
    settings: {
      sidebars: options.sidebars,
      seconds: options.seconds,
      latencyMs: options.latencyMs,
      seed: options.seed,
      concurrency: options.concurrency,
      rate: options.rate,
      threads: options.threads,
      limits: MISSIVE_LIMITS,
      backgroundShare,
      backgroundCaps: backgroundCaps(MISSIVE_LIMITS, backgroundShare),
      integrationBackoff: DEFAULT_BACKOFF,
      thinkMs: DEFAULT_GATEWAY_BENCH_OPTIONS.thinkMs,
    },
    mirrorLoadS: {
      alone: alone.team.setup?.mirrorLoadS ?? null,
      paced: paced.team.setup?.mirrorLoadS ?? null,
      unpaced: unpaced.team.setup?.mirrorLoadS ?? null,
    },
    scenarios,
    comparison: compareScenarios(scenarios),
    targets: integrationsTargets(scenarios),
  };
}
