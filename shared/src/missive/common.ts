import { z } from 'zod';
import { describeValue, notAnyOf, notOneOf } from '../errors';

/**
 * Building blocks shared by every Missive resource schema.
 *
 * Request schemas are strict: Missive silently drops fields it does not know,
 * so a typo would otherwise vanish without a word. Response schemas are loose:
 * Missive may add fields at any time and a reader must not break on them.
 */

/**
 * Missive ids are UUIDs in practice, but its own examples are not all valid
 * UUIDs. Checked exactly as sent, never trimmed: the proxy forwards the path
 * it was given, so an id with spaces around it is refused, not passed on.
 */
export const idSchema = z
  .string({ error: 'must be an id string' })
  .min(1, 'must not be empty')
  .max(100, 'is too long to be an id')
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'may hold only letters, digits and - _ . : @')
  // "." and ".." would walk out of their path segment once a URL is resolved.
  .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."');

export const timestampSchema = z.number().int().nonnegative();

/** `id1,id2,id3` in a path segment, at most `max` ids, no duplicates. */
export function idListParam(max: number) {
  return z
    .string()
    .transform((value) => value.split(','))
    .pipe(
      z
        .array(idSchema)
        .min(1, 'name at least one id')
        .max(max, `at most ${max} ids at once`)
        .refine((ids) => new Set(ids).size === ids.length, 'names the same id twice'),
    );
}

/**
 * A closed set of values whose refusal names the value sent and every
 * accepted one (see `notOneOf`); `context` qualifies the set.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, context = '') {
  return z.enum(values, { error: (issue) => notOneOf(issue.input, values, context) });
}

/**
 * Values of several shapes, `forms` describing each: a value that fits none
 * is refused naming what it was (see `notAnyOf`). A value in one of the
 * shapes but with a bad field is refused for that field (see
 * `describeZodError`).
 */
export function anyOf<const T extends readonly [z.ZodType, ...z.ZodType[]]>(
  options: T,
  forms: readonly string[],
) {
  return z.union(options, { error: (issue) => notAnyOf(issue.input, forms) });
}

/** Query strings carry text: accept the forms a person or a client would send. */
export const queryBoolean = oneOf(['true', 'false', '1', '0']).transform(
  (value) => value === 'true' || value === '1',
);

export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** A Unix timestamp in a query string, as `until` and `modified_since` are. */
export const queryTimestamp = z
  .string()
  .regex(/^\d+$/, 'must be a Unix timestamp in seconds')
  .transform(Number);

/** `limit`/`offset` paging, as on every Missive list that pages by offset. */
export function offsetPaging(maxLimit: number) {
  return {
    limit: queryInt(1, maxLimit).optional(),
    offset: queryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  };
}

export const colorSchema = z
  .string()
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as "#2266ED"');

/** Conversation and post attachment colours also accept Missive's three named states. */
export const conversationColorSchema = z
  .string()
  .regex(/^(?:#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|good|warning|danger)$/, {
    error: (issue) =>
      `${describeValue(issue.input)} is neither a hex colour such as "#2266ED" nor one of good, warning, danger`,
  });

/**
 * A URL field as Missive's reference describes it: any absolute URL. The
 * reference sets no rule on the scheme, so the emulator, standing in for
 * Missive, accepts them all (see `missiveEndpoints`).
 */
const NOT_A_URL = 'must be a URL such as "https://example.com/"';
export const urlSchema = z.url({ error: NOT_A_URL });

/**
 * The schemes a URL this product writes may have: web pages, mail and calls,
 * the ones the sidebar renders as links. Whatever Missive stores, every
 * client of its data may render as a link, where a `javascript:` URL would
 * run in the session of whoever clicks it and a `data:` one show a page of
 * the writer's making.
 */
export const linkSchemes = ['http:', 'https:', 'mailto:', 'tel:'] as const;

/**
 * A URL as the gateway accepts it on write: a `urlSchema` with one of
 * `linkSchemes`. zod reads the scheme with the WHATWG URL parser, as a browser
 * reads an href, so leading spaces or control characters, a tab or newline
 * inside the scheme and letter case do not hide it.
 */
export const linkUrlSchema = z.url({
  protocol: new RegExp(`^(?:${linkSchemes.map((scheme) => scheme.slice(0, -1)).join('|')})$`),
  error: (issue) => {
    const scheme = schemeOf(issue.input);
    return scheme === undefined || isLinkScheme(scheme)
      ? NOT_A_URL
      : `"${scheme}" URLs are refused: only ${linkSchemes.join(', ')} are accepted`;
  },
});

function isLinkScheme(scheme: string): boolean {
  return linkSchemes.some((allowed) => allowed === scheme);
}

/**
 * The scheme of a refused URL, for its message only (the parser decided):
 * read as zod and the URL parser read it, past leading whitespace and
 * control characters, without tabs and newlines, lower-cased.
 */
function schemeOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // C0 controls and spaces are what the URL parser skips before a scheme.
  // eslint-disable-next-line no-control-regex
  const leading = /^[\u0000-\u0020]+/;
  const cleaned = value
    .trim()
    .replace(leading, '')
    .replace(/[\t\n\r]/g, '');
  return /^[a-z][a-z\d+.-]*:/i.exec(cleaned)?.[0].toLowerCase();
}

export const emailAddressSchema = z.email({ error: 'must be an email address' });

/** SMS and WhatsApp numbers: "+" then digits only, as Missive requires. */
export const e164Schema = z
  .string()
  .regex(/^\+\d{6,15}$/, 'must be "+" followed by digits only, e.g. "+18005550199"');

export const emptyParams = z.object({});
export const emptyQuery = z.strictObject({});

export const attachmentFileSchema = z.looseObject({
  id: z.string(),
  filename: z.string(),
  extension: z.string().nullish(),
  url: z.string(),
  media_type: z.string().nullish(),
  sub_type: z.string().nullish(),
  size: z.number(),
  width: z.number().nullish(),
  height: z.number().nullish(),
});
export type AttachmentFile = z.infer<typeof attachmentFileSchema>;

/** A file uploaded with a draft or message: base64 content and a name. */
export const uploadSchema = z.strictObject({
  base64_data: z
    .string()
    .min(1, 'must not be empty')
    .regex(/^[A-Za-z0-9+/\r\n]*={0,2}$/, 'must be base64-encoded'),
  filename: z.string().trim().min(1, 'must not be empty').max(255),
});

/** Missive refuses a request whose JSON payload exceeds 10 MB. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** Missive refuses more than 25 files on a draft. */
export const MAX_ATTACHMENTS = 25;

/** Conversation routing fields shared by drafts, posts and messages. */
export const conversationRoutingFields = {
  references: z.array(z.string().trim().min(1).max(998)).max(100).optional(),
  conversation: idSchema.optional(),
  team: idSchema.optional(),
  force_team: z.boolean().optional(),
  organization: idSchema.optional(),
  add_users: z.array(idSchema).optional(),
  add_assignees: z.array(idSchema).optional(),
  conversation_subject: z.string().max(998).optional(),
  conversation_color: conversationColorSchema.optional(),
  add_shared_labels: z.array(idSchema).optional(),
  remove_shared_labels: z.array(idSchema).optional(),
  add_to_inbox: z.boolean().optional(),
  add_to_team_inbox: z.boolean().optional(),
  close: z.boolean().optional(),
};

interface RoutingInput {
  organization?: string | undefined;
  team?: string | undefined;
  add_users?: string[] | undefined;
  add_assignees?: string[] | undefined;
  add_shared_labels?: string[] | undefined;
  add_to_team_inbox?: boolean | undefined;
}

/**
 * The cross-field rules Missive states for conversation routing: adding
 * users or assignees needs `organization`; moving to a team inbox needs `team`.
 */
export function checkRouting(
  value: RoutingInput,
  ctx: z.RefinementCtx,
  { labelsNeedOrganization }: { labelsNeedOrganization: boolean },
): void {
  const needsOrg: string[] = [];
  if (value.add_users?.length) needsOrg.push('add_users');
  if (value.add_assignees?.length) needsOrg.push('add_assignees');
  if (labelsNeedOrganization && value.add_shared_labels?.length) needsOrg.push('add_shared_labels');
  if (needsOrg.length && !value.organization) {
    ctx.addIssue({
      code: 'custom',
      path: ['organization'],
      message: `is required with ${needsOrg.join(' and ')}`,
    });
  }
  if (value.add_to_team_inbox && !value.team) {
    ctx.addIssue({ code: 'custom', path: ['team'], message: 'is required with add_to_team_inbox' });
  }
}
