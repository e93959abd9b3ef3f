import { z } from 'zod';

/**
 * What `GET /api/events` pushes to open sidebars and dashboards (server-sent
 * events, one JSON object per `data:` line, its `type` also the SSE event name).
 */
export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('conversation.changed'),
    conversation: z.string(),
    ruleType: z.string().nullable(),
  }),
  z.object({ type: z.literal('contact.changed'), contacts: z.array(z.string()) }),
  z.object({ type: z.literal('label.changed'), conversation: z.string().nullable() }),
  z.object({
    type: z.literal('budget.low'),
    /** Requests left in the tightest window, and when that window frees up. */
    remaining: z.number(),
    resetsAt: z.number(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent['type'];
