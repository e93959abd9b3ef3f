import type { Server } from 'node:http';
import { listen } from '../http/listen';
import { createEmulator, type Emulator } from './app';
import type { EmulatorEnv } from './config';
import { createSeedData } from './seed';

export interface RunningEmulator extends Emulator {
  server: Server;
  /** e.g. http://127.0.0.1:4010/v1 — what MISSIVE_API_BASE_URL would be. */
  baseUrl: string;
  stop: () => Promise<void>;
}

/** Seeds and starts the emulator on HTTP; used by `npm run emulator` and by demo mode. */
export async function startEmulator(
  env: Omit<EmulatorEnv, 'EMULATOR_PORT'> & { EMULATOR_PORT: number },
): Promise<RunningEmulator> {
  const emulator = createEmulator({
    data: createSeedData({ anchor: Math.floor(Date.now() / 60_000) * 60, seed: env.EMULATOR_SEED }),
    token: env.EMULATOR_TOKEN,
    limits: env.EMULATOR_RATE_LIMITS,
    latencyMs: env.EMULATOR_LATENCY_MS,
    reportDelayMs: env.EMULATOR_REPORT_DELAY_MS,
    reportTtlMs: env.EMULATOR_REPORT_TTL_MS,
  });
  const listening = await listen(emulator.app, env.EMULATOR_PORT, env.EMULATOR_HOST);
  return {
    ...emulator,
    server: listening.server,
    baseUrl: `http://${env.EMULATOR_HOST}:${listening.port}/v1`,
    stop: async () => {
      emulator.close();
      await listening.close();
    },
  };
}
