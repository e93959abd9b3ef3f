import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, rateLimitsSchema } from '@crm/shared/rate-limits';
import { millisecondsSchema, parseEnv, portSchema } from '../config/env';

/** A fixed token so that any Missive client can be pointed at a local emulator. */
export const DEFAULT_EMULATOR_TOKEN = 'missive-emulator-demo-token';

/** Seeding grows with the scale (100 takes a few seconds and ~250 MB): past this, memory runs out first. */
const MAX_SCALE = 200;

const MIN_INTERVAL_MS = 10;
const MAX_INTERVAL_MS = 3_600_000;

function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (!match) return NaN;
  const unit = match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000;
  return Number(match[1]) * unit;
}

/**
 * `EMULATOR_ACTIVITY`: `off`, or the pause between two changes: `10s`,
 * `500ms`, `2m`, or a bare number of seconds (`1` is a change a second).
 */
export const activityIntervalSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx): number | null => {
    if (text === 'off') return null;
    const ms = durationMs(text);
    if (ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS) return ms;
    ctx.addIssue({
      code: 'custom',
      message: `must be "off" or the pause between two changes, from 10ms to 60m, such as "10s", "500ms" or "2m" (a bare number is seconds); got "${text}"`,
    });
    return z.NEVER;
  });

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
  /** The pause between two simulated changes in ms; null (`off`) for none. */
  EMULATOR_ACTIVITY: activityIntervalSchema.default(null),
  EMULATOR_SCALE: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_SCALE, `must be at most ${MAX_SCALE} (100 is about 30,000 contacts)`)
    .default(1),
});
export type EmulatorEnv = z.output<typeof emulatorEnvSchema>;

export function readEmulatorEnv(env: NodeJS.ProcessEnv): EmulatorEnv {
  return parseEnv(emulatorEnvSchema, env, 'Emulator');
}
