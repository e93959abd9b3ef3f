import type { Server } from 'node:http';
import { listen } from '../http/listen';
import { createEmulator, type Emulator } from './app';
import type { EmulatorEnv } from './config';
import { createSeedData } from './seed';

export interface RunningEmulator extends Emulator {
  server: Server;
  /** e.g. http://127.0.0.1:4010/v1 — what MISSIVE_API_BASE_URL would be. */
  baseUrl: string;
  /** e.g. http://127.0.0.1:4010/control — the control surface of shared/src/emulator-control.ts. */
  controlUrl: string;
  stop: () => Promise<void>;
}

/**
 * What startEmulator needs: the parsed environment with a concrete port.
 * Activity and scale may be left out (off, and 1), so callers written before
 * they existed keep starting today's quiet organisation.
 */
export type StartEmulatorEnv = Omit<
  EmulatorEnv,
  'EMULATOR_PORT' | 'EMULATOR_ACTIVITY' | 'EMULATOR_SCALE'
> &
  Partial<Pick<EmulatorEnv, 'EMULATOR_ACTIVITY' | 'EMULATOR_SCALE'>> & { EMULATOR_PORT: number };

/** Seeds and starts the emulator on HTTP; used by `npm run emulator` and by demo mode. */
export async function startEmulator(env: StartEmulatorEnv): Promise<RunningEmulator> {
  const activity = env.EMULATOR_ACTIVITY ?? null;
  const emulator = createEmulator({
    data: createSeedData({
      anchor: Math.floor(Date.now() / 60_000) * 60,
      seed: env.EMULATOR_SEED,
      scale: env.EMULATOR_SCALE ?? 1,
    }),
    token: env.EMULATOR_TOKEN,
    limits: env.EMULATOR_RATE_LIMITS,
    latencyMs: env.EMULATOR_LATENCY_MS,
    reportDelayMs: env.EMULATOR_REPORT_DELAY_MS,
    reportTtlMs: env.EMULATOR_REPORT_TTL_MS,
    ...(activity === null ? {} : { activity: { intervalMs: activity, seed: env.EMULATOR_SEED } }),
  });
  const listening = await listen(emulator.app, env.EMULATOR_PORT, env.EMULATOR_HOST);
  const origin = `http://${env.EMULATOR_HOST}:${listening.port}`;
  emulator.state.filesOrigin = `${origin}/files`;
  return {
    ...emulator,
    server: listening.server,
    baseUrl: `${origin}/v1`,
    controlUrl: `${origin}/control`,
    stop: async () => {
      emulator.close();
      await listening.close();
    },
  };
}
