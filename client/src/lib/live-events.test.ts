import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
import { gatewayKey, invalidateForEvent, missiveKey } from './queries';

const keys = {
  thisConversation: missiveKey('listConversationMessages', { params: { id: 'c1' } }),
  otherConversation: missiveKey('getConversation', { params: { id: 'c2' } }),
  inbox: missiveKey('listConversations', { query: { inbox: 'true' } }),
  tasks: missiveKey('listTasks', { query: { conversation: 'c1' } }),
  labels: missiveKey('listSharedLabels', { query: { organization: 'o1' } }),
  contacts: missiveKey('listContacts', { query: { contact_book: 'b1', search: 'ada' } }),
  users: missiveKey('listUsers'),
  context: gatewayKey('getContext', { params: { id: 'c2' } }),
  deadDeliveries: gatewayKey('listDeliveries', { query: { status: 'dead' } }),
  health: gatewayKey('getHealth'),
  webhookLog: gatewayKey('listWebhookEvents'),
  limits: gatewayKey('getLimits'),
  syncReport: gatewayKey('getSyncReport'),
  foreign: ['not', 'from', 'a', 'table'],
};

async function staleAfter(event: LiveEvent): Promise<string[]> {
  const client = new QueryClient();
  for (const key of Object.values(keys)) client.setQueryData(key, { cached: true });
  await invalidateForEvent(client, event);
  return Object.entries(keys)
    .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name);
}

describe('invalidateForEvent', () => {
  it('refreshes that conversation and every conversation list, nothing else', async () => {
    expect(
      await staleAfter({
        type: 'conversation.changed',
        conversation: 'c1',
        ruleType: 'incoming_email',
      }),
    ).toEqual(['thisConversation', 'inbox', 'tasks', 'context', 'webhookLog']);
  });

  it('also refreshes the label tree on a label change', async () => {
    expect(await staleAfter({ type: 'label.changed', conversation: 'c1' })).toEqual([
      'thisConversation',
      'inbox',
      'tasks',
      'labels',
      'context',
      'webhookLog',
    ]);
  });

  it('refreshes every conversation when a label change names none', async () => {
    expect(await staleAfter({ type: 'label.changed', conversation: null })).toContain(
      'otherConversation',
    );
  });

  it('refreshes contact reads on a contact change', async () => {
    expect(await staleAfter({ type: 'contact.changed', contacts: ['k1'] })).toEqual([
      'contacts',
      'context',
    ]);
  });

  it("reads the contexts again, and the mirror's lists of the changed objects, when the sync took in changes", async () => {
    expect(await staleAfter({ type: 'mirror.changed', objects: ['contacts'] })).toEqual([
      'contacts',
      'context',
      'syncReport',
    ]);
    expect(await staleAfter({ type: 'mirror.changed', objects: ['users'] })).toEqual([
      'users',
      'context',
      'syncReport',
    ]);
    // Missive's conversation lists are not the mirror's: re-reading them would spend the budget.
    expect(await staleAfter({ type: 'mirror.changed', objects: ['conversations'] })).toEqual([
      'context',
      'syncReport',
    ]);
  });

  it('refreshes every list of deliveries, and only them, when a delivery changes state', async () => {
    expect(await staleAfter({ type: 'integration.delivery', delivery: 4, status: 'dead' })).toEqual(
      ['deadDeliveries'],
    );
  });

  it('reads the budget’s figures again, and nothing else, on a budget warning', async () => {
    expect(await staleAfter({ type: 'budget.low', remaining: 3, resetsAt: 0 })).toEqual(['limits']);
  });
});
