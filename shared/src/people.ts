import { z } from 'zod';
import type { EndpointName } from './missive/endpoints';

/**
 * People and their access keys. Each person signs in with a key of their
 * own, created by an admin; the gateway's `APP_ACCESS_KEY` is the first
 * admin (named `admin`), from which the others are made. Who a request
 * speaks for is always the key's person, never a header the client sets.
 */

export const roles = ['admin', 'agent'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** The name the bootstrap key (`APP_ACCESS_KEY`) signs in as; no key may take it. */
export const BOOTSTRAP_NAME = 'admin';

/**
 * Names the gateway's own parts go by in the audit log and the fairness
 * queue (the sync, the health probe, the demo's setup): a person taking one
 * would share their queue and be confused with them in the log.
 */
export const GATEWAY_NAMES = ['sync', 'health', 'demo setup'] as const;
export type GatewayName = (typeof GATEWAY_NAMES)[number];
const RESERVED_NAMES: readonly string[] = GATEWAY_NAMES;

/**
 * A person's name is who they are in the audit log and the fairness queue,
 * so it is unique among live keys (case-insensitive) and printable.
 */
export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._@'-]*$/u,
    "may hold letters, digits, spaces and . _ @ ' - (starting with a letter or digit)",
  )
  .refine((name) => name.toLowerCase() !== BOOTSTRAP_NAME, {
    message: `"${BOOTSTRAP_NAME}" is the name of APP_ACCESS_KEY; choose another`,
  })
  .refine((name) => !RESERVED_NAMES.includes(name.toLowerCase()), {
    message: `is a name the gateway's own parts use (${GATEWAY_NAMES.join(', ')}); choose another`,
  });

export const personSchema = z.object({ name: z.string(), role: roleSchema });
export type Person = z.infer<typeof personSchema>;

/** An access key as the dashboard lists it; the key itself is shown once, at creation. */
export const accessKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  /** Milliseconds since the epoch. */
  createdAt: z.number(),
  createdBy: z.string(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type AccessKeyView = z.infer<typeof accessKeyViewSchema>;

export const accessKeyListResponse = z.object({ keys: z.array(accessKeyViewSchema) });

export const createAccessKeyBody = z.strictObject({
  name: personNameSchema,
  role: roleSchema,
});
export type CreateAccessKeyBody = z.infer<typeof createAccessKeyBody>;

export const createAccessKeyResponse = z.object({
  /** The only time the key is shown: it is stored hashed. */
  key: z.string(),
  accessKey: accessKeyViewSchema,
});

/** `POST /api/session {key}`: the token the browser keeps instead of the key, and whose it is. */
export const sessionRequestSchema = z.strictObject({ key: z.string().min(1).max(512) });
export const sessionResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.number(),
  person: personSchema,
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** `GET /api/me`: who the credential in use speaks for. */
export const meResponseSchema = z.object({ person: personSchema });

/**
 * Missive calls that change how the whole organisation's data flows, or
 * that cannot be undone: an admin's decision, not an agent's. The value
 * says what an agent was refused, in a sentence's words.
 */
export const ADMIN_ONLY: ReadonlyMap<EndpointName, string> = new Map<EndpointName, string>([
  ['createHook', 'register webhooks'],
  ['deleteHook', 'delete webhooks'],
  ['mergeConversations', 'merge conversations'],
]);
