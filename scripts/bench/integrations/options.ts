/** What the integrations benchmark runs with, read from the environment by `npm run bench`. */
import { readNumber, readRunSettings } from '../../bench-stats';
import { DEFAULT_GATEWAY_BENCH_OPTIONS } from '../gateway/options';

export interface IntegrationsBenchOptions {
  /** Simulated sidebars, switching as in the gateway bench. */
  sidebars: number;
  /** How long the sidebars work, in each scenario; the firehose's run, and the longest wait for its queue to drain. */
  seconds: number;
  latencyMs: number;
  seed: number;
  /** Deliveries the firehose keeps in flight at most: GitHub's own sender is a small pool, not a flood of sockets. */
  concurrency: number;
  /** Deliveries a second the paced firehose sends (the unpaced one sends as fast as it is answered). */
  rate: number;
  /** Issues and pull requests the deliveries are about: the conversations the posts spread over. */
  threads: number;
  log?: (line: string) => void;
}

/**
 * The paced firehose's rate: 20 deliveries a second is 1 200 a minute,
 * 72 000 an hour. No organisation sends that all day; a busy one sends it
 * in a burst: GitHub sends one delivery per event, and a bot labelling or
 * commenting on hundreds of issues and pull requests, a monorepo's CI
 * reporting on every open pull request, or a mass close after a release
 * makes hundreds of events in seconds, while Stripe, on the same gateway,
 * sends several events per invoice (created, finalized, paid) when a
 * month's subscriptions renew together. So a rate a real team can meet, at
 * the heavy end, rather than the gateway's capacity (the unpaced run, some
 * hundreds a second here), which no provider sends a team's gateway; and
 * still over ten times what the background lane can post (88 calls a
 * minute at the default share), so the queue's backlog grows as it would
 * in such a burst.
 */
export const DEFAULT_FIREHOSE_RATE = 20;

export const DEFAULT_INTEGRATIONS_BENCH_OPTIONS: Omit<IntegrationsBenchOptions, 'log'> = {
  sidebars: 20,
  seconds: DEFAULT_GATEWAY_BENCH_OPTIONS.seconds,
  latencyMs: DEFAULT_GATEWAY_BENCH_OPTIONS.latencyMs,
  seed: DEFAULT_GATEWAY_BENCH_OPTIONS.seed,
  concurrency: 4,
  rate: DEFAULT_FIREHOSE_RATE,
  threads: 150,
};

/**
 * BENCH_SECONDS, BENCH_LATENCY_MS and BENCH_SEED as the gateway bench reads
 * them; BENCH_FIREHOSE_CONCURRENCY: deliveries in flight at most; and
 * BENCH_FIREHOSE_RATE: the paced firehose's deliveries a second.
 */
export function integrationsBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): IntegrationsBenchOptions {
  const defaults = DEFAULT_INTEGRATIONS_BENCH_OPTIONS;
  return {
    ...defaults,
    ...readRunSettings(env, defaults),
    concurrency: readNumber(env, 'BENCH_FIREHOSE_CONCURRENCY', defaults.concurrency, [1, 64]),
    rate: readNumber(env, 'BENCH_FIREHOSE_RATE', defaults.rate, [1, 10_000]),
  };
}
