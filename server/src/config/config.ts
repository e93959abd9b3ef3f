import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, rateLimitsSchema } from '@crm/shared/rate-limits';
import { parseEnv, portSchema } from './env';

export const DEFAULT_FRAME_ANCESTORS =
  "'self' https://mail.missiveapp.com https://*.missiveapp.com";

const configSchema = z
  .object({
    MISSIVE_API_TOKEN: z.string().min(8, 'looks too short to be a Missive token').optional(),
    MISSIVE_API_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .default('https://public.missiveapp.com/v1'),
    MISSIVE_RATE_LIMITS: rateLimitsSchema.prefault(DEFAULT_RATE_LIMITS),
    APP_ACCESS_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    PORT: portSchema.default(3000),
    HOST: z.string().default('127.0.0.1'),
    FRAME_ANCESTORS: z.string().default(DEFAULT_FRAME_ANCESTORS),
  })
  .superRefine((env, ctx) => {
    // With a real token and no key the gateway would be an open proxy to the team's Missive.
    if (env.MISSIVE_API_TOKEN && !env.APP_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_ACCESS_KEY'],
        message: 'is required when MISSIVE_API_TOKEN is set (live mode)',
      });
    }
    if (env.MISSIVE_API_TOKEN && env.APP_ACCESS_KEY === env.MISSIVE_API_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_ACCESS_KEY'],
        message: 'must differ from MISSIVE_API_TOKEN',
      });
    }
  });

export type Config = z.output<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv): Config {
  return parseEnv(configSchema, env, 'Server');
}
