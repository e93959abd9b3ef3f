import { z } from 'zod';
import { queryInt } from './missive/common';
import { contactSchema } from './missive/contacts';
import { endpointNames } from './missive/endpoints';

/** The gateway's audit log as `GET /api/audit` lists it, newest first. */

export const auditEntrySchema = z.object({
  id: z.number(),
  /** Milliseconds since the epoch. */
  at: z.number(),
  agent: z.string().nullable(),
  endpoint: z.enum(endpointNames),
  method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']),
  path: z.string(),
  /** What was sent to Missive: the record as the write left it, for the fields it named. */
  requestBody: z.unknown().optional(),
  /** The record as it was just before the write, when the write was an edit that read it first. */
  before: z.unknown().optional(),
  upstreamStatus: z.number().nullable(),
  resultIds: z.array(z.string()),
  error: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditListQuery = z.strictObject({
  limit: queryInt(1, 500).optional(),
  /** Only entries older than this id: the `id` of the last entry of the previous page. */
  before: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  /** Only the writes of this person (an AI agent is one too), by their exact name. */
  agent: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters')
    .optional(),
});

export const auditListResponse = z.object({ entries: z.array(auditEntrySchema) });

export const auditUndoResponse = z.object({ contact: contactSchema });
