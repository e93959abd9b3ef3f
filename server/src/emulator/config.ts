import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, rateLimitsSchema } from '@crm/shared/rate-limits';
import { millisecondsSchema, parseEnv, portSchema } from '../config/env';

/** A fixed token so that any Missive client can be pointed at a local emulator. */
export const DEFAULT_EMULATOR_TOKEN = 'missive-emulator-demo-token';

export const emulatorEnvSchema = z.object({
  EMULATOR_TOKEN: z
    .string()
    .min(8, 'must be at least 8 characters')
    .default(DEFAULT_EMULATOR_TOKEN),
  EMULATOR_HOST: z.string().default('127.0.0.1'),
  EMULATOR_PORT: portSchema.default(4010),
  EMULATOR_RATE_LIMITS: rateLimitsSchema.prefault(DEFAULT_RATE_LIMITS),
  EMULATOR_LATENCY_MS: millisecondsSchema.default(0),
  EMULATOR_REPORT_DELAY_MS: millisecondsSchema.default(3000),
  EMULATOR_REPORT_TTL_MS: millisecondsSchema.default(60_000),
  EMULATOR_SEED: z.coerce.number().int().default(1),
});
export type EmulatorEnv = z.output<typeof emulatorEnvSchema>;

export function readEmulatorEnv(env: NodeJS.ProcessEnv): EmulatorEnv {
  return parseEnv(emulatorEnvSchema, env, 'Emulator');
}
