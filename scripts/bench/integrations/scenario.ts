/**
 * One scenario of the integrations benchmark on a fresh read-model stack:
 * GitHub enabled as an admin does it, the team of sidebars, and beside
 * them (unless alone) the firehose, paced or not, whose queue is then
 * given as long again to drain; what reached Missive is read from the
 * emulator's own data.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  integrationSettingsSchema,
  type DeliveryStatus,
  type IntegrationUpdate,
} from '@crm/shared/integrations';
import type { LimitsReport } from '@crm/shared/limits';
import { DEFAULT_BACKOFF } from '../../../server/src/integrations/delivery-queue';
import type { GatewayHarness } from '../../../server/src/test/gateway-harness';
import type { Catalog } from '../../bench-missive';
import { subtractCounts, summariseLatency, type LatencySummary } from '../../bench-stats';
import { DEFAULT_GATEWAY_BENCH_OPTIONS, type GatewayBenchOptions } from '../gateway/options';
import type { ModeResult } from '../gateway/results';
import { START_TARGET, limiterCounts } from '../gateway/targets';
import { runTeam } from '../gateway/team';
import type { IntegrationsBenchOptions } from './options';
import { startSender, type Sender } from './sender';

/** The sidebars alone, beside the paced firehose (the claim), beside the unpaced one (capacity). */
export const SCENARIOS = ['alone', 'paced', 'unpaced'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const FIREHOSE_SCENARIOS = ['paced', 'unpaced'] as const;
export type FirehoseScenario = (typeof FIREHOSE_SCENARIOS)[number];

export function scenarioLabel(scenario: Scenario, rate: number): string {
  switch (scenario) {
    case 'alone':
      return 'alone';
    case 'paced':
      return `+ firehose ${rate}/s`;
    case 'unpaced':
      return '+ firehose unpaced';
  }
}

/** How the posts show in Missive: the GitHub module's display name, the admin setting none. */
const GITHUB_USERNAME = 'GitHub';

type Lanes = LimitsReport['upstream']['upstreamCallsByLane'];

export interface FirehoseResult {
  /** Most deliveries in flight. */
  concurrency: number;
  /** Deliveries a second the sender was asked for; null: unpaced, as fast as answered. */
  rate: number | null;
  /** Events the sender cycles through (threads × 3 steps), each sending a body of its own. */
  deliveriesPrepared: number;
  sent: number;
  /** Answered 202: stored and queued. */
  accepted: number;
  /** Answers other than 202, by status. */
  notAccepted: Record<string, number>;
  elapsedS: number;
  acceptLatency: LatencySummary;
  /** GitHub's posts in Missive when the firehose stopped: what went out while the sidebars ran. */
  postsInRun: number;
  /** How long the queue was then given to drain, and whether it did. */
  drainS: number;
  drained: boolean;
  /** GitHub's posts in Missive at the end of the drain, and the conversations they are in. */
  posts: number;
  conversations: number;
  /** The store's deliveries by status once the queue stopped starting posts (one may be under way: `sending`). */
  deliveries: Record<DeliveryStatus, number>;
  failures: string[];
}

export interface ScenarioResult {
  /** The sidebars, as the gateway bench reports them. */
  team: ModeResult;
  /** Calls the gateway sent to Missive from the run's start to the end of the drain. */
  callsByLane: Lanes;
  /** Missive's refusals over the whole scenario (mirror load, run, drain). */
  rejected429: number;
  /** 429s the gateway itself received, over the same span. */
  gatewaySaw429: number;
  /** Errors the stack reported as unexpected (the queue's included), over the whole scenario. */
  unexpectedErrors: number;
  /** GATEWAY_BACKGROUND_SHARE as this stack's gateway has it. */
  backgroundShare: number;
  firehose: FirehoseResult | null;
}

/** GitHub enabled as an admin does it in the dashboard: its settings and a secret. */
async function enableGithub(harness: GatewayHarness, secret: string): Promise<void> {
  const update: IntegrationUpdate = {
    kind: 'github',
    settings: integrationSettingsSchema.parse({ enabled: true }),
    secret,
  };
  const answer = await harness.request('/api/integrations/github', {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(update),
  });
  if (answer.status !== 200) {
    throw new Error(`enabling GitHub answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  }
}

function githubPosts(harness: GatewayHarness) {
  return harness.emulator.state.data.posts.filter((post) => post.username === GITHUB_USERNAME);
}

/** Waits until nothing is queued or being sent, or `seconds` have passed. */
async function drainQueue(harness: GatewayHarness, seconds: number): Promise<boolean> {
  const until = performance.now() + seconds * 1000;
  for (;;) {
    const counts = await harness.store.integrations.countDeliveries();
    if (counts.queued + counts.sending === 0) return true;
    if (performance.now() >= until) return false;
    await sleep(250);
  }
}

/** The firehose beside the team: sends until the run ends, then lets the queue drain. */
async function runFirehose(
  harness: GatewayHarness,
  sender: Sender,
  rate: number | null,
  run: { readonly endAt: number },
  options: IntegrationsBenchOptions,
): Promise<FirehoseResult> {
  const sent = await sender.run(run.endAt);
  const postsInRun = githubPosts(harness).length;
  const drainStarted = performance.now();
  const drained = await drainQueue(harness, options.seconds);
  const drainS = (performance.now() - drainStarted) / 1000;
  // No new post starts after this. Not awaited: the one under way may be
  // waiting for the background lane (up to its 30 s deadline when the lane
  // is at its cap), and the stack's stop awaits it anyway; the targets
  // allow for that one post (see lostOrDoubled).
  void harness.integrations.queue.stop();
  const posts = githubPosts(harness);
  const deliveries = await harness.store.integrations.countDeliveries();
  const { 202: accepted = 0, ...notAccepted } = sent.statuses;
  return {
    concurrency: options.concurrency,
    rate,
    deliveriesPrepared: sender.deliveries,
    sent: sent.sent,
    accepted,
    notAccepted,
    elapsedS: sent.elapsedS,
    acceptLatency: summariseLatency(sent.acceptedMs),
    postsInRun,
    drainS,
    drained,
    posts: posts.length,
    conversations: new Set(posts.map((post) => post.conversation)).size,
    deliveries,
    failures: sent.failures,
  };
}

/**
 * The claim's pair first, paced before alone: whatever warms up on the way
 * favours the run without a firehose. The unpaced run last: its garbage
 * weighs on neither of the pair.
 */
export const RUN_ORDER: readonly Scenario[] = ['paced', 'alone', 'unpaced'];

/** The paced firehose's rate, or null: none (alone) or unpaced. */
function firehoseRate(scenario: Scenario, options: IntegrationsBenchOptions): number | null {
  return scenario === 'paced' ? options.rate : null;
}

/** One run on a fresh read-model stack; `scenario` says whether a firehose is there, and how fast. */
export async function runScenario(
  scenario: Scenario,
  options: IntegrationsBenchOptions,
  catalog: Catalog,
): Promise<ScenarioResult> {
  const teamOptions: GatewayBenchOptions = {
    ...DEFAULT_GATEWAY_BENCH_OPTIONS,
    agents: options.sidebars,
    seconds: options.seconds,
    latencyMs: options.latencyMs,
    seed: options.seed,
    modes: ['readModel'],
    // Production's tries (2 s, doubling, 11 of them), not the harness's quick ones for tests.
    integrationBackoff: DEFAULT_BACKOFF,
  };
  const target = await START_TARGET.readModel(teamOptions);
  const { harness } = target;
  let sender: Sender | undefined;
  try {
    if (!harness) throw new Error('the read model started without its gateway');
    const secret = randomBytes(24).toString('hex');
    // On every stack alike, so that they differ only by the deliveries.
    await enableGithub(harness, secret);
    const rate = firehoseRate(scenario, options);
    // Forked and ready before the clock starts, as GitHub is before a delivery is due.
    if (scenario !== 'alone') {
      sender = await startSender(`${harness.base}/integrations/github`, secret, rate, options);
    }
    const running = sender;
    const firehose: { result?: FirehoseResult } = {};
    const beside = running
      ? async (run: { readonly endAt: number }) => {
          firehose.result = await runFirehose(harness, running, rate, run, options);
        }
      : undefined;
    const lanesBefore = (await harness.gateway.limits()).upstream.upstreamCallsByLane;
    const team = await runTeam('readModel', target, teamOptions, catalog, beside);
    const limits = await harness.gateway.limits();
    return {
      team,
      callsByLane: subtractCounts(limits.upstream.upstreamCallsByLane, lanesBefore),
      rejected429: limiterCounts(harness.emulator).rejected,
      gatewaySaw429: limits.upstream.rateLimited,
      unexpectedErrors: harness.unexpected.length,
      backgroundShare: limits.budget.shares.background,
      firehose: firehose.result ?? null,
    };
  } finally {
    sender?.close();
    await target.stop();
  }
}
