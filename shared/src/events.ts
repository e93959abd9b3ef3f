import { z } from 'zod';
import type { AnyResource } from './gateway-routes';
import { deliveryStatusSchema } from './integrations';
import type { Resource } from './missive/endpoints';
import { syncObjects } from './sync';

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
  /**
   * The mirror took in changes made elsewhere (someone editing in Missive,
   * found by the sync rather than announced by a webhook): whatever shows
   * these objects is read again, from the mirror, at no cost to the budget.
   */
  z.object({ type: z.literal('mirror.changed'), objects: z.array(z.enum(syncObjects)) }),
  /** An integration's delivery was queued, sent, or given up on (Operations' deliveries list). */
  z.object({
    type: z.literal('integration.delivery'),
    delivery: z.number(),
    status: deliveryStatusSchema,
  }),
  z.object({
    type: z.literal('budget.low'),
    /** Requests left in the tightest window, and when that window frees up. */
    remaining: z.number(),
    resetsAt: z.number(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveEventType = LiveEvent['type'];

/** What a change to a conversation may have changed: the conversation and what hangs off it. */
export const CONVERSATION_RESOURCES = [
  'conversations',
  'messages',
  'comments',
  'drafts',
  'posts',
  'tasks',
] as const satisfies readonly Resource[];

/**
 * What an event makes stale, by resource name: the client refreshes the
 * queries whose endpoint reads one of them. The gateway drops its own cached
 * Missive reads on a webhook by CONVERSATION_RESOURCES, the list the
 * conversation events below name. `conversation` names the one conversation
 * that changed, when the event says (null: any).
 */
export function staleAfter(event: LiveEvent): {
  resources: readonly AnyResource[];
  conversation: string | null;
} {
  switch (event.type) {
    // Webhooks announce conversation and label changes: the gateway's log of
    // webhook events has a new row too.
    case 'conversation.changed':
      return {
        resources: [...CONVERSATION_RESOURCES, 'webhook_events'],
        conversation: event.conversation,
      };
    case 'label.changed':
      return {
        resources: [...CONVERSATION_RESOURCES, 'shared_labels', 'webhook_events'],
        conversation: event.conversation,
      };
    case 'contact.changed':
      return { resources: ['contacts'], conversation: null };
    case 'mirror.changed':
      // What the gateway answers from its mirror, and the sync's own report,
      // read again at no cost to the budget. Not Missive's conversation and
      // task lists: webhooks announce those changes, and re-reading the lists
      // on each sync round would spend the budget for every open dashboard;
      // the contexts show what the sync found.
      return {
        resources: [
          'context',
          'sync',
          ...event.objects.filter((object) => object !== 'conversations' && object !== 'tasks'),
        ],
        conversation: null,
      };
    case 'integration.delivery':
      return { resources: ['integration_deliveries'], conversation: null };
    case 'budget.low':
      // The budget's figures, read again at once rather than at the next poll.
      return { resources: ['limits'], conversation: null };
  }
}

/**
 * Each event type at its widest (about no one conversation, every synced
 * object): what `staleAfterGap` takes the union of. Typed by event type, so
 * an event added to the schema must be added here.
 */
const WIDEST_EVENTS: { [T in LiveEventType]: Extract<LiveEvent, { type: T }> } = {
  'conversation.changed': { type: 'conversation.changed', conversation: '', ruleType: null },
  'contact.changed': { type: 'contact.changed', contacts: [] },
  'label.changed': { type: 'label.changed', conversation: null },
  'mirror.changed': { type: 'mirror.changed', objects: [...syncObjects] },
  'integration.delivery': { type: 'integration.delivery', delivery: 0, status: 'queued' },
  'budget.low': { type: 'budget.low', remaining: 0, resetsAt: 0 },
};

/**
 * What the events sent while a client's stream was down may have made
 * stale (the stream dropped: an instance stopped, Redis was down): every
 * resource any event names, about any conversation. A client that
 * reconnects reads those again once, since it cannot know which it missed.
 */
export function staleAfterGap(): readonly AnyResource[] {
  const resources = Object.values(WIDEST_EVENTS).flatMap((event) => staleAfter(event).resources);
  return [...new Set(resources)];
}
