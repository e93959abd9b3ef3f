/**
 * What the gateway benchmark runs with: the team's size and pace, how long,
 * which modes, read from the environment by `npm run bench`.
 */
import { DEFAULT_LATENCY_MS, readNumber, readRunSettings } from '../../bench-stats';
import { MODES, type Mode, type TargetOptions } from './targets';

export interface GatewayBenchOptions extends TargetOptions {
  agents: number;
  /** How long agents keep starting switches; a switch under way at the end is awaited. */
  seconds: number;
  seed: number;
  /** Share of switches to one of the `popularCount` newest conversations. */
  popularShare: number;
  popularCount: number;
  /** Pause between switches, drawn uniformly from [min, max). */
  thinkMs: readonly [number, number];
  /** Which modes run, in this order. */
  modes: readonly Mode[];
  /** Progress lines (which mode is running); nothing is printed without it. */
  log?: (line: string) => void;
}

export const DEFAULT_GATEWAY_BENCH_OPTIONS: Omit<GatewayBenchOptions, 'log'> = {
  agents: 20,
  seconds: 60,
  latencyMs: DEFAULT_LATENCY_MS,
  seed: 1,
  popularShare: 0.3,
  popularCount: 20,
  thinkMs: [2000, 6000],
  modes: MODES,
  mirrorLoadTimeoutMs: 300_000,
};

/** BENCH_GATEWAY_MODES: a comma-separated subset of the modes, e.g. `readModel` alone. */
export function readModes(env: Readonly<Record<string, string | undefined>>): readonly Mode[] {
  const raw = env.BENCH_GATEWAY_MODES;
  if (raw === undefined || raw.trim() === '') return MODES;
  const names = raw.split(',').map((name) => name.trim());
  const modes = MODES.filter((mode) => names.includes(mode));
  const unknown = names.filter((name) => !(MODES as readonly string[]).includes(name));
  if (unknown.length || !modes.length) {
    throw new Error(
      `BENCH_GATEWAY_MODES=${raw} is not understood: give one or more of ${MODES.join(', ')}, separated by commas`,
    );
  }
  return modes;
}

/**
 * BENCH_AGENTS, BENCH_SECONDS, BENCH_LATENCY_MS, BENCH_SEED and
 * BENCH_GATEWAY_MODES. Runs are capped at 10 minutes because upstream calls
 * are read from the emulator's 15-minute window, which must still hold the
 * whole run (and the read model's initial load before it).
 */
export function gatewayBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): GatewayBenchOptions {
  const defaults = DEFAULT_GATEWAY_BENCH_OPTIONS;
  return {
    ...defaults,
    agents: readNumber(env, 'BENCH_AGENTS', defaults.agents, [1, 500]),
    ...readRunSettings(env, defaults),
    modes: readModes(env),
  };
}
