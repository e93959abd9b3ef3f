import { describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../store/types';
import { liveEventsFromWebhook } from './from-webhook';

function webhookEvent(fields: Partial<WebhookEvent>): WebhookEvent {
  return {
    id: 1,
    receivedAt: 1_700_000_000_000,
    digest: 'ab'.repeat(32),
    ruleId: 'rule-1',
    ruleType: 'incoming_email',
    conversationId: 'conv-1',
    payload: {},
    ...fields,
  };
}

describe('liveEventsFromWebhook', () => {
  it('tells clients the conversation changed, and why', () => {
    expect(liveEventsFromWebhook(webhookEvent({ ruleType: 'new_comment' }))).toEqual([
      { type: 'conversation.changed', conversation: 'conv-1', ruleType: 'new_comment' },
    ]);
  });

  it('adds a label change for label_change rules', () => {
    expect(liveEventsFromWebhook(webhookEvent({ ruleType: 'label_change' }))).toEqual([
      { type: 'conversation.changed', conversation: 'conv-1', ruleType: 'label_change' },
      { type: 'label.changed', conversation: 'conv-1' },
    ]);
  });

  it('keeps the conversation change when the rule type is unknown', () => {
    expect(liveEventsFromWebhook(webhookEvent({ ruleType: null }))).toEqual([
      { type: 'conversation.changed', conversation: 'conv-1', ruleType: null },
    ]);
  });

  it('announces a label change without a conversation when none was named', () => {
    expect(
      liveEventsFromWebhook(webhookEvent({ ruleType: 'label_change', conversationId: null })),
    ).toEqual([{ type: 'label.changed', conversation: null }]);
  });

  it('has nothing to say about an event without a conversation or a label', () => {
    expect(liveEventsFromWebhook(webhookEvent({ conversationId: null }))).toEqual([]);
  });
});
