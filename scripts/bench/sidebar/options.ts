/** What the sidebar benchmark runs with, read from the environment by `npm run bench`. */
import { readLatencyMs, readNumber } from '../../bench-stats';

export interface SidebarBenchOptions {
  /** Conversations measured, each in all three scenarios. */
  rounds: number;
  /** The emulator's mean added latency per request. */
  latencyMs: number;
  chromiumPath: string;
  /** Progress lines; nothing is printed without it. */
  log?: (line: string) => void;
}

/** BENCH_SIDEBAR_ROUNDS, BENCH_LATENCY_MS (as the gateway bench reads it) and CHROMIUM_PATH. */
export function sidebarBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): SidebarBenchOptions {
  return {
    // The seed's inbox holds about 16 conversations with distinct external authors.
    rounds: readNumber(env, 'BENCH_SIDEBAR_ROUNDS', 15, [1, 50]),
    latencyMs: readLatencyMs(env),
    chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  };
}
