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
  // A part of the gateway is down (its database, the Redis it shares with
  // other instances): nothing was sent or written; try again once it is back.
  'unavailable',
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
 * prefixed by where it is (`contacts[0].infos[1].label: ...`). Schemas word
 * their own problems; for a closed set of values or of shapes they use
 * `notOneOf` and `notAnyOf` below, which name what was sent beside what is
 * accepted: zod leaves the refused input out of the issues it returns.
 */
export function describeZodError(error: z.ZodError, root = ''): string {
  return describeIssues(error.issues, root).join('; ');
}

function describeIssues(issues: readonly z.core.$ZodIssue[], root: string): string[] {
  return issues.flatMap((issue) => {
    const where = formatPath(root, issue.path);
    const branch = issue.code === 'invalid_union' ? fittingBranch(issue.errors) : undefined;
    if (branch) return describeIssues(branch, where);
    return [where ? `${where}: ${issue.message}` : issue.message];
  });
}

/**
 * The problems of the one shape of a union that the value took, if one: the
 * only branch that knows every key it was given. `{phone_number, type: "fax"}`
 * is then refused for its `type`, where zod, which gives up on every branch
 * at the bad value, would only say that no shape matched.
 */
function fittingBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  const fitting = branches.filter(
    (issues) =>
      !issues.some((issue) => issue.code === 'unrecognized_keys' && issue.path.length === 0),
  );
  return fitting.length === 1 ? fitting[0] : undefined;
}

function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Longer strings are cut in a message: enough to recognise, not to repeat a whole payload. */
const SHOWN_CHARACTERS = 40;
const SHOWN_KEYS = 6;

/**
 * A refused value as a message names it: a string, number, boolean or null
 * as JSON (a long string cut short), an object by its keys (`{adress, name}`, the notation the accepted shapes are
 * given in), a list by its length.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    return value.length > SHOWN_CHARACTERS
      ? `${JSON.stringify(value.slice(0, SHOWN_CHARACTERS))}…`
      : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  if (Array.isArray(value)) {
    return value.length === 0
      ? 'an empty list'
      : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    const shown = keys.slice(0, SHOWN_KEYS).join(', ');
    return `{${shown}${keys.length > SHOWN_KEYS ? ', …' : ''}}`;
  }
  // No JSON body holds anything else (a function, a symbol, a bigint).
  return typeof value;
}

/** `a`, `a or b`, `a, b or c`. */
function alternatives(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * The refusal of a value outside a closed set: `"fax" is not one of email,
 * phone_number, …`; a missing one says it is required. `context` follows
 * the list, for sets that depend on another field (an info's labels).
 */
export function notOneOf(
  value: unknown,
  accepted: readonly (string | number | boolean)[],
  context = '',
): string {
  const list = `${accepted.join(', ')}${context && ` ${context}`}`;
  return value === undefined
    ? `is required: one of ${list}`
    : `${describeValue(value)} is not one of ${list}`;
}

/**
 * The refusal of a value that matches none of several shapes: what came and
 * what would do, e.g. `got {adress}; expected {address, name} (email) or
 * {id, username, name} (custom channel)`.
 */
export function notAnyOf(value: unknown, accepted: readonly string[]): string {
  return value === undefined
    ? `is required: ${alternatives(accepted)}`
    : `got ${describeValue(value)}; expected ${alternatives(accepted)}`;
}
