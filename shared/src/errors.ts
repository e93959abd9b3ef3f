import { z } from 'zod';

/**
 * The one error shape every HTTP answer of this product uses, the emulator's
 * included. Missive itself answers `{"error": {"message": ...}}`; `code` and
 * `details` extend it without breaking a client that reads only `message`.
 */
export const errorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'upstream_error',
  // Missive could not be reached at all: nothing was sent (see the circuit breaker).
  'upstream_unreachable',
  'upstream_timeout',
  'overloaded',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    message: z.string(),
    code: z.enum(errorCodes).optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function errorEnvelope(message: string, code?: ErrorCode, details?: unknown): ErrorEnvelope {
  return {
    error: { message, ...(code ? { code } : {}), ...(details === undefined ? {} : { details }) },
  };
}

/**
 * Turns a zod failure into one sentence a person can act on: each problem
 * prefixed by where it is (`contacts[0].infos[1].label: ...`).
 */
export function describeZodError(error: z.ZodError, root = ''): string {
  return error.issues
    .map((issue) => {
      const where = formatPath(root, issue.path);
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
