import { z } from 'zod';
import { queryInt } from './missive/common';

/**
 * The webhook deliveries the gateway received and kept, as
 * `GET /api/webhook-events` lists them, newest first. A redelivery of the
 * same bytes is kept once, so this is one row per distinct event.
 */

export const webhookEventSchema = z.object({
  id: z.number(),
  /** Milliseconds since the epoch. */
  receivedAt: z.number(),
  /** SHA-256 of the raw body, hex. */
  digest: z.string(),
  ruleId: z.string().nullable(),
  ruleType: z.string().nullable(),
  conversationId: z.string().nullable(),
  /**
   * The delivery as Missive sent it. Unknown on purpose: events that do not
   * match the declared payload shape are kept too, and shown as they came.
   */
  payload: z.unknown(),
});
export type WebhookEventView = z.infer<typeof webhookEventSchema>;

export const webhookEventListQuery = z.strictObject({
  limit: queryInt(1, 500).optional(),
  /** Only events older than this id: the `id` of the last event of the previous page. */
  before: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
});

export const webhookEventListResponse = z.object({ events: z.array(webhookEventSchema) });
