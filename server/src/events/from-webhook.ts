import type { LiveEvent } from '@crm/shared/events';
import type { WebhookEvent } from '../store/types';

/**
 * What open clients must refetch after a webhook: the conversation it is
 * about, and for a label change the label lists too (counts, the thread's
 * labels). Clients refetch rather than receive the payload, so nothing here
 * depends on the payload's shape beyond the identifiers the store extracted.
 */
export function liveEventsFromWebhook(event: WebhookEvent): LiveEvent[] {
  const events: LiveEvent[] = [];
  if (event.conversationId !== null) {
    events.push({
      type: 'conversation.changed',
      conversation: event.conversationId,
      ruleType: event.ruleType,
    });
  }
  if (event.ruleType === 'label_change') {
    events.push({ type: 'label.changed', conversation: event.conversationId });
  }
  return events;
}
