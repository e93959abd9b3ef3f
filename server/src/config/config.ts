import { z } from 'zod';
import { DEFAULT_RATE_LIMITS, rateLimitsSchema } from '@crm/shared/rate-limits';
import { parseOwnAddresses } from '../mirror/participants';
import { isRegion } from '../mirror/phone';
import { attachmentMaxBytesSchema, millisecondsSchema, parseEnv, portSchema } from './env';

export const DEFAULT_FRAME_ANCESTORS =
  "'self' https://mail.missiveapp.com https://*.missiveapp.com";

const configSchema = z
  .object({
    MISSIVE_API_TOKEN: z.string().min(8, 'looks too short to be a Missive token').optional(),
    MISSIVE_API_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .default('https://public.missiveapp.com/v1'),
    MISSIVE_RATE_LIMITS: rateLimitsSchema.prefault(DEFAULT_RATE_LIMITS),
    MISSIVE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    APP_ACCESS_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    PORT: portSchema.default(3000),
    HOST: z.string().default('127.0.0.1'),
    FRAME_ANCESTORS: z.string().default(DEFAULT_FRAME_ANCESTORS),
    DATA_DIR: z.string().min(1).default('.data'),
    // Several gateway instances on one token share state: Redis holds the
    // rate budget, the response cache and the messages between instances;
    // PostgreSQL the store. Unset: in this process and SQLite in DATA_DIR.
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })
      .optional(),
    // Names every key and channel: one Redis may serve several deployments (tokens).
    REDIS_PREFIX: z
      .string()
      .regex(
        /^[A-Za-z0-9_.-]{1,64}$/,
        'must be 1 to 64 letters, digits, dots, dashes or underscores',
      )
      .default('missive-crm'),
    // How long a concurrency slot outlives an instance that died holding it.
    REDIS_SLOT_LEASE_MS: z.coerce
      .number()
      .int()
      .min(500, 'must be at least 500 ms: a slot is renewed every third of it')
      .max(120_000, 'must be at most 120000 (2 minutes)')
      .default(10_000),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    GATEWAY_BACKGROUND_SHARE: z.coerce.number().min(0).max(1).default(0.3),
    // What AI agents (MCP tools, the automation lane) may use of each rate
    // window and of concurrency; they are served after people, before the sync.
    AGENT_BUDGET_SHARE: z.coerce
      .number()
      .gt(0, 'must be above 0: agents could not call Missive at all')
      .max(1, 'must be at most 1 (the whole budget)')
      .default(0.25),
    GATEWAY_QUEUE_TIMEOUT_MS: millisecondsSchema.default(10_000),
    GATEWAY_CACHE_TTL_MS: millisecondsSchema.default(15_000),
    SESSION_TTL_MS: millisecondsSchema.default(3_600_000),
    // The largest file missive_attachments_download hands an AI agent (base64 in its context).
    MCP_ATTACHMENT_MAX_BYTES: attachmentMaxBytesSchema,
    // How long a stopping gateway lets the requests under way finish. Longer
    // than its wait for Missive (20 s, see MissiveClient), so that a write
    // already sent gets Missive's answer, or its timeout, before the gateway
    // gives up on it; shorter than the 30 s orchestrators commonly allow
    // before SIGKILL.
    SHUTDOWN_GRACE_MS: millisecondsSchema.default(25_000),
    // The mirror's sync: a share of the longest rate window (900/15 min is 1 request/s),
    // spent in the background lane, which GATEWAY_BACKGROUND_SHARE caps as well.
    SYNC_BUDGET_SHARE: z.coerce
      .number()
      .gt(0, 'must be above 0: the mirror cannot be filled without calls')
      .max(1, 'must be at most 1 (the whole budget)')
      .default(0.2),
    SYNC_INTERVAL_S: z.coerce
      .number()
      .int('must be a whole number of seconds')
      .min(5, 'must be at least 5 seconds')
      .max(86_400, 'must be at most 86400 (a day)')
      .default(60),
    PHONE_DEFAULT_REGION: z
      .string()
      .transform((code) => code.toUpperCase())
      .refine(isRegion, 'must be a two-letter country code such as US, CA or FR')
      .optional(),
    // Inbound integrations: a provider's secret here enables it without the
    // dashboard (and cannot be changed there).
    GITHUB_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    STRIPE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    // Encrypts the secrets set in the dashboard; unset: a key file in DATA_DIR.
    INTEGRATION_SECRETS_KEY: z.string().optional(),
    // The gateway's address as Missive and providers reach it: integration
    // posts' icons are served from there. Unset: the delivery's own host.
    PUBLIC_URL: z
      .url({ protocol: /^https?$/ })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    // The team's own addresses the mirror cannot learn (see participants.ts).
    OWN_ADDRESSES: z.string().default(''),
  })
  .superRefine((env, ctx) => {
    // The background lane would hold the sync to less than it was given, silently.
    if (env.SYNC_BUDGET_SHARE > env.GATEWAY_BACKGROUND_SHARE) {
      ctx.addIssue({
        code: 'custom',
        path: ['SYNC_BUDGET_SHARE'],
        message: `must not exceed GATEWAY_BACKGROUND_SHARE (${env.GATEWAY_BACKGROUND_SHARE}), which caps all background work`,
      });
    }
    // With a real token and no key the gateway would be an open proxy to the team's Missive.
    if (env.MISSIVE_API_TOKEN && !env.APP_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_ACCESS_KEY'],
        message: 'is required when MISSIVE_API_TOKEN is set (live mode)',
      });
    }
    if (env.REDIS_URL) {
      // What each instance would otherwise make up or keep for itself.
      const sharedNeeds = [
        ['DATABASE_URL', env.DATABASE_URL, 'the instances must share one store (postgres://…)'],
        [
          'MISSIVE_API_TOKEN',
          env.MISSIVE_API_TOKEN,
          'the instances must share one Missive (demo mode starts an emulator per process; point them at one `npm run emulator` to try it)',
        ],
        [
          'INTEGRATION_SECRETS_KEY',
          env.INTEGRATION_SECRETS_KEY,
          'every instance must open the integration secrets the others sealed (the key file in DATA_DIR is per machine)',
        ],
      ] as const;
      for (const [name, value, why] of sharedNeeds) {
        if (!value) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `is required with REDIS_URL: ${why}`,
          });
        }
      }
    }
    if (env.MISSIVE_API_TOKEN && env.APP_ACCESS_KEY === env.MISSIVE_API_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_ACCESS_KEY'],
        message: 'must differ from MISSIVE_API_TOKEN',
      });
    }
  })
  .transform((env, ctx) => {
    // Read here, beside PHONE_DEFAULT_REGION, which places numbers without a country code.
    const own = parseOwnAddresses(env.OWN_ADDRESSES, env.PHONE_DEFAULT_REGION);
    for (const entry of own.unreadable) {
      ctx.addIssue({
        code: 'custom',
        path: ['OWN_ADDRESSES'],
        message: `"${entry}" is neither an email address nor a phone number (with PHONE_DEFAULT_REGION, or written with its country code)`,
      });
    }
    return { ...env, OWN_ADDRESSES: { emails: own.emails, phones: own.phones } };
  });

export type Config = z.output<typeof configSchema>;

export function readConfig(env: NodeJS.ProcessEnv): Config {
  return parseEnv(configSchema, env, 'Server');
}
