import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider, useQueries } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
import { jsonResponse } from '@/test/http';
import { signInAs } from '@/test/session';
import { useLiveEvents } from './live-events';
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

/** EventSource as the hook drives it: each instance opened, dropped or closed by the test. */
class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static made: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;

  constructor(readonly url: string) {
    super();
    FakeEventSource.made.push(this);
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  /** The stream dropped; `retrying`: EventSource tries again by itself, else it gave up. */
  drop(retrying: boolean): void {
    this.readyState = retrying ? FakeEventSource.CONNECTING : FakeEventSource.CLOSED;
    this.dispatchEvent(new Event('error'));
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED;
  }
}

function latestSource(): FakeEventSource {
  const source = FakeEventSource.made.at(-1);
  if (!source) throw new Error('no EventSource was made');
  return source;
}

/** What the page shows, and how often each was read. */
const shown = {
  // Refreshed by live events: read again after a gap.
  context: gatewayKey('getContext', { params: { id: 'c1' } }),
  thread: missiveKey('listConversationMessages', { params: { id: 'c2' } }),
  // A budgeted conversation list: left to the next event.
  inbox: missiveKey('listConversations', { query: { inbox: 'true' } }),
  // Refreshed by no event.
  health: gatewayKey('getHealth'),
};
type Shown = keyof typeof shown;

function renderLivePage() {
  const reads: Record<Shown, number> = { context: 0, thread: 0, inbox: 0, health: 0 };
  const queryClient = new QueryClient({
    defaultOptions: { queries: { staleTime: Infinity, retry: false } },
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  renderHook(
    () => {
      useLiveEvents();
      useQueries({
        queries: Object.entries(shown).map(([name, key]) => ({
          queryKey: key,
          queryFn: () => {
            reads[name as Shown] += 1;
            return Promise.resolve(name);
          },
        })),
      });
    },
    { wrapper },
  );
  return reads;
}

/** Lets any refetch the hook started run, so that none is missed by the count. */
async function settle(): Promise<void> {
  await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
}

describe('useLiveEvents after a gap in the stream', () => {
  afterEach(() => {
    FakeEventSource.made = [];
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('reads nothing again when the stream first opens', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    signInAs();
    const reads = renderLivePage();
    await waitFor(() => {
      expect(reads).toEqual({ context: 1, thread: 1, inbox: 1, health: 1 });
    });
    act(() => {
      latestSource().open();
    });
    await settle();
    expect(reads).toEqual({ context: 1, thread: 1, inbox: 1, health: 1 });
  });

  it('reads once again what live events refresh when EventSource reopens by itself', async () => {
    vi.stubGlobal('EventSource', FakeEventSource);
    signInAs();
    const reads = renderLivePage();
    await waitFor(() => {
      expect(reads.context).toBe(1);
    });
    const source = latestSource();
    act(() => {
      source.open();
      source.drop(true);
      source.open();
    });
    await waitFor(() => {
      expect(reads).toEqual({ context: 2, thread: 2, inbox: 1, health: 1 });
    });
    await settle();
    expect(reads).toEqual({ context: 2, thread: 2, inbox: 1, health: 1 });
  });

  it('does the same when a new stream opens after the old one gave up', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.stubGlobal('EventSource', FakeEventSource);
    // Before connecting again the hook asks whether the session still holds.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse({ person: { name: 'Test Admin', role: 'admin' } }))),
    );
    signInAs();
    const reads = renderLivePage();
    await waitFor(() => {
      expect(reads.context).toBe(1);
    });
    const first = latestSource();
    act(() => {
      first.open();
      first.drop(false);
    });
    await act(() => vi.advanceTimersByTimeAsync(5000));
    await waitFor(() => {
      expect(latestSource()).not.toBe(first);
    });
    act(() => {
      latestSource().open();
    });
    await waitFor(() => {
      expect(reads).toEqual({ context: 2, thread: 2, inbox: 1, health: 1 });
    });
    await settle();
    expect(reads).toEqual({ context: 2, thread: 2, inbox: 1, health: 1 });
  });
});
