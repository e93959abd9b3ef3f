import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { conversationQueryPrefix } from './conversation-query-key';
import { integrationDeliveriesQueryPrefix } from './integration-deliveries-query-key';
import { invalidateFor } from './live-events';
import { contextQueryPrefix, missiveQueryKey } from './react-query';

const keys = {
  thisConversation: [...conversationQueryPrefix('c1'), 'messages'],
  otherConversation: [...conversationQueryPrefix('c2')],
  inbox: [...missiveQueryKey, 'conversations', 'mailbox', 'inbox'],
  tasks: [...missiveQueryKey, 'tasks', { conversation: 'c1' }],
  labels: [...missiveQueryKey, 'shared_labels', { organization: 'o1' }],
  contacts: [...missiveQueryKey, 'contacts', 'search', { book: 'b1', search: 'ada' }],
  users: [...missiveQueryKey, 'users', { organization: null }],
  context: [...contextQueryPrefix, 'c2'],
  deadDeliveries: [...integrationDeliveriesQueryPrefix(), { status: 'dead' }],
  health: ['health'],
};

async function staleAfter(event: Parameters<typeof invalidateFor>[1]): Promise<string[]> {
  const client = new QueryClient();
  for (const key of Object.values(keys)) client.setQueryData(key, { cached: true });
  await invalidateFor(client, event);
  return Object.entries(keys)
    .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
    .map(([name]) => name);
}

describe('invalidateFor', () => {
  it('refreshes that conversation and every conversation list, nothing else', async () => {
    expect(
      await staleAfter({
        type: 'conversation.changed',
        conversation: 'c1',
        ruleType: 'incoming_email',
      }),
    ).toEqual(['thisConversation', 'inbox', 'tasks', 'context']);
  });

  it('also refreshes the label tree on a label change', async () => {
    expect(await staleAfter({ type: 'label.changed', conversation: 'c1' })).toEqual([
      'thisConversation',
      'inbox',
      'tasks',
      'labels',
      'context',
    ]);
  });

  it('refreshes contact reads on a contact change', async () => {
    expect(await staleAfter({ type: 'contact.changed', contacts: ['k1'] })).toEqual([
      'contacts',
      'context',
    ]);
  });

  it('reads the contexts again, and what shows the changed objects, when the sync took in changes', async () => {
    expect(await staleAfter({ type: 'mirror.changed', objects: ['contacts'] })).toEqual([
      'contacts',
      'context',
    ]);
    expect(await staleAfter({ type: 'mirror.changed', objects: ['conversations'] })).toEqual([
      'context',
    ]);
  });

  it('refreshes every list of deliveries, and only them, when a delivery changes state', async () => {
    expect(await staleAfter({ type: 'integration.delivery', delivery: 4, status: 'dead' })).toEqual(
      ['deadDeliveries'],
    );
  });

  it('leaves data alone on a budget warning', async () => {
    expect(await staleAfter({ type: 'budget.low', remaining: 3, resetsAt: 0 })).toEqual([]);
  });
});
