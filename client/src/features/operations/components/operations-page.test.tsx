import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntryView } from '@crm/shared/audit';
import type { Health } from '@crm/shared/health';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@crm/shared/events';
import { invalidateForEvent } from '@/lib/queries';
import type { LimitsReport } from '@crm/shared/limits';
import type { SyncReport } from '@crm/shared/sync';
import { hookCreateBody } from '@crm/shared/missive/hooks';
import type { WebhookEventView } from '@crm/shared/webhook-events';
import { useSessionStore } from '@/stores/session';
import { signInAs } from '@/test/session';
import { jsonResponse } from '@/test/http';
import { makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { loading, syncReport } from '../test/sync-fixtures';
import { OperationsPage } from './operations-page';

// The dashboard layout holds the event stream; the page only listens. Events are pushed by hand.
const live = vi.hoisted(() => new Set<(event: LiveEvent) => void>());
vi.mock('@/lib/live-events', () => ({
  subscribeLiveEvents: (listener: (event: LiveEvent) => void) => {
    live.add(listener);
    return () => {
      live.delete(listener);
    };
  },
}));

/** What the layout's stream does with an event: the shared refresh, then the listeners. */
function push(queryClient: QueryClient, event: LiveEvent) {
  act(() => {
    void invalidateForEvent(queryClient, event);
    for (const listener of live) listener(event);
  });
}

function limits(overrides: Partial<LimitsReport['budget']> = {}): LimitsReport {
  return {
    budget: {
      concurrent: 5,
      inFlight: 2,
      pausedUntil: 0,
      pacing: { tokens: 250, capacity: 300, perSecond: 0.33 },
      shares: { automation: 0.25, background: 0.3 },
      windows: [
        {
          limit: 300,
          allowed: 294,
          windowMs: 60_000,
          used: 12,
          usedByBackground: 3,
          usedByAutomation: 2,
          freesAt: null,
        },
        {
          limit: 900,
          allowed: 882,
          windowMs: 900_000,
          used: 700,
          usedByBackground: 40,
          usedByAutomation: 0,
          freesAt: null,
        },
      ],
      ...overrides,
    },
    queues: {
      queued: { interactive: 1, automation: 2, background: 4 },
      started: { interactive: 90, automation: 7, background: 30 },
      shed: 2,
    },
    upstream: {
      rateLimited: 1,
      coalesced: 17,
      upstreamCalls: 120,
      upstreamCallsByLane: { interactive: 88, automation: 7, background: 25 },
      retried: 1,
    },
    cache: { hits: 30, misses: 10, hitRate: 0.75, entries: 12 },
  };
}

function auditEntry(id: number, overrides: Partial<AuditEntryView> = {}): AuditEntryView {
  return {
    id,
    at: Date.UTC(2024, 2, 1, 10, id),
    agent: 'ada',
    endpoint: 'createPost',
    method: 'POST',
    path: '/posts',
    upstreamStatus: 201,
    resultIds: [`post-${id}`],
    error: null,
    ...overrides,
  };
}

const contactEdit = auditEntry(7, {
  endpoint: 'updateContacts',
  method: 'PATCH',
  path: '/contacts/k1',
  requestBody: { contacts: [{ id: 'k1', notes: 'VIP' }] },
  before: { id: 'k1', notes: null },
  upstreamStatus: 200,
  resultIds: ['k1'],
});

const event: WebhookEventView = {
  id: 3,
  receivedAt: Date.UTC(2024, 2, 1, 11),
  digest: 'a'.repeat(64),
  ruleId: 'rule-1',
  ruleType: 'label_change',
  conversationId: 'conv-1',
  payload: {
    rule: { id: 'rule-1', description: null, type: 'label_change' },
    conversation: makeConversation({ id: 'conv-1', subject: 'Refund request' }),
  },
};

interface Fixtures {
  health?: () => Health;
  limits?: () => LimitsReport;
  sync?: () => SyncReport;
  audit?: (request: MissiveRequest) => AuditEntryView[];
  undo?: () => Response;
  events?: (request: MissiveRequest) => WebhookEventView[];
  createHook?: (request: MissiveRequest) => Response;
  deleteHook?: () => Response;
}

function stubGateway(fixtures: Fixtures = {}) {
  return stubMissive((request) => {
    const { method, path } = request;
    if (path === '/api/health')
      return jsonResponse(
        fixtures.health?.() ?? {
          status: 'ok',
          mode: 'demo',
          version: '1.0.0',
          upstream: { reachable: true },
        },
      );
    if (path === '/organizations')
      return jsonResponse({ organizations: [{ id: 'org-1', name: 'Acme' }] });
    if (path === '/conversations') return jsonResponse({ conversations: [] });
    if (path === '/api/limits') return jsonResponse((fixtures.limits ?? limits)());
    if (path === '/api/sync') return jsonResponse((fixtures.sync ?? syncReport)());
    if (path === '/api/audit') return jsonResponse({ entries: fixtures.audit?.(request) ?? [] });
    if (method === 'POST' && path === '/api/audit/7/undo')
      return (fixtures.undo ?? (() => jsonResponse({ contact: undoneContact })))();
    if (path === '/api/webhook-events')
      return jsonResponse({ events: fixtures.events?.(request) ?? [] });
    if (method === 'POST' && path === '/hooks')
      return (fixtures.createHook ?? createdHook)(request);
    if (method === 'DELETE' && path === '/hooks/hook-1')
      return (fixtures.deleteHook ?? (() => new Response(null, { status: 204 })))();
    return jsonResponse({ error: { message: `unexpected ${method} ${path}` } }, 500);
  });
}

const undoneContact = {
  id: 'k1',
  contact_book: 'book-1',
  first_name: 'Ada',
  last_name: 'Lovelace',
  starred: false,
  deleted: false,
  modified_at: 1_700_000_000,
};

function createdHook(request: MissiveRequest) {
  const body = hookCreateBody.parse(request.body);
  return jsonResponse({
    hooks: {
      id: 'hook-1',
      type: body.hooks.type,
      url: body.hooks.url,
      description: null,
      organization: null,
      secret: body.hooks.secret ?? 'chosen-by-missive-0123456789abcdef',
      created_at: 1_709_290_000,
    },
  });
}

const calls = (requests: MissiveRequest[], path: string) =>
  requests.filter((request) => request.path === path);

beforeEach(() => {
  localStorage.clear();
  signInAs();
});

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('OperationsPage: rate budget', { timeout: 15_000 }, () => {
  it('shows each window, concurrency, the pacing bucket, queues, 429s and the cache', async () => {
    stubGateway();
    renderPage(<OperationsPage />, '/operations');

    expect(screen.getByRole('heading', { level: 1, name: 'Operations' })).toBeInTheDocument();
    const minute = await screen.findByRole('meter', { name: 'Requests in the last 60 s' });
    expect(minute).toHaveAttribute('aria-valuetext', '12 of 294');
    expect(minute).toHaveAttribute('aria-valuemax', '294');
    expect(screen.getByRole('meter', { name: 'Requests in the last 15 min' })).toHaveAttribute(
      'aria-valuetext',
      '700 of 882',
    );
    expect(screen.getByRole('meter', { name: 'Requests in flight' })).toHaveAttribute(
      'aria-valuetext',
      '2 of 5',
    );
    expect(screen.getByRole('meter', { name: 'Pacing bucket' })).toHaveAttribute(
      'aria-valuetext',
      '250 of 300 tokens',
    );
    const queues = screen.getByRole('table', { name: 'Queues' });
    expect(
      within(queues).getByRole('row', { name: 'Background (up to 30 %) 4 30' }),
    ).toBeInTheDocument();
    // AI agents have a lane, and a share, of their own.
    expect(
      within(queues).getByRole('row', { name: 'AI agents (up to 25 %) 2 7' }),
    ).toBeInTheDocument();
    const budget = screen.getByRole('region', { name: 'Missive rate budget' });
    expect(within(budget).getByText('Calls to Missive').nextElementSibling).toHaveTextContent(
      '120 (88 by people, 7 by AI agents, 25 by the sync)',
    );
    expect(within(budget).getByText('429s from Missive').nextElementSibling).toHaveTextContent('1');
    expect(within(budget).getByText('Shed (waited too long)').nextElementSibling).toHaveTextContent(
      '2',
    );
    expect(
      within(budget).getByText(/^75\s?% \(30 hits, 10 misses, 12 cached\)$/),
    ).toBeInTheDocument();
    // Reused status panel: the gateway and Missive are reachable.
    expect(await screen.findByRole('heading', { name: 'Gateway status' })).toBeInTheDocument();
    expect(await screen.findByText('Acme')).toBeInTheDocument();
  });

  it('says since when Missive has been unreachable and when the gateway tries again', async () => {
    const since = new Date(Date.UTC(2026, 11, 4, 9, 30, 0));
    const retry = new Date(Date.UTC(2026, 11, 4, 9, 30, 5));
    stubGateway({
      health: () => ({
        status: 'ok',
        mode: 'live',
        version: '1.0.0',
        upstream: {
          reachable: false,
          circuit: 'open',
          unreachable_since: since.toISOString(),
          retry_at: retry.toISOString(),
        },
      }),
    });
    renderPage(<OperationsPage />, '/operations');
    const status = await screen.findByText(/^Unreachable since/);
    expect(status).toHaveTextContent(
      `Unreachable since ${since.toLocaleTimeString()}; the gateway tries again at ${retry.toLocaleTimeString()}`,
    );
  });

  it('says when Missive has paused the gateway with a 429', async () => {
    stubGateway({ limits: () => limits({ pausedUntil: Date.now() + 30_000 }) });
    renderPage(<OperationsPage />, '/operations');
    expect(
      await screen.findByText(/Missive answered 429 \(too many requests\)/),
    ).toBeInTheDocument();
  });

  describe('refreshing', () => {
    beforeEach(() => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('every 5 seconds, and at once on a budget.low event, which it also reports', async () => {
      let used = 12;
      const { requests } = stubGateway({
        limits: () =>
          limits({
            windows: [
              {
                limit: 300,
                allowed: 294,
                windowMs: 60_000,
                used,
                usedByBackground: 0,
                usedByAutomation: 0,
                freesAt: null,
              },
            ],
          }),
      });
      const { queryClient } = renderPage(<OperationsPage />, '/operations');
      await screen.findByRole('meter', { name: 'Requests in the last 60 s' });
      expect(calls(requests, '/api/limits')).toHaveLength(1);

      used = 40;
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
      expect(calls(requests, '/api/limits')).toHaveLength(2);
      await waitFor(() => {
        expect(screen.getByRole('meter', { name: 'Requests in the last 60 s' })).toHaveAttribute(
          'aria-valuetext',
          '40 of 294',
        );
      });

      used = 290;
      push(queryClient, { type: 'budget.low', remaining: 4, resetsAt: Date.now() + 20_000 });
      await waitFor(() => {
        expect(calls(requests, '/api/limits')).toHaveLength(3);
      });
      expect(await screen.findByText(/4 requests left in the tightest window/)).toBeInTheDocument();
      await waitFor(() => {
        expect(screen.getByRole('meter', { name: 'Requests in the last 60 s' })).toHaveAttribute(
          'aria-valuetext',
          '290 of 294',
        );
      });
    });
  });
});

describe('OperationsPage: mirror of Missive', { timeout: 15_000 }, () => {
  it('shows how far the mirror is, below the budget', async () => {
    const { requests } = stubGateway({
      sync: () => syncReport({ contacts: loading(3, 8), tasks: loading(0, 1) }),
    });
    renderPage(<OperationsPage />, '/operations');

    const mirror = await screen.findByRole('region', { name: 'Mirror of Missive' });
    expect(
      await within(mirror).findByText('Initial load: 8 of 10 objects done.'),
    ).toBeInTheDocument();
    expect(
      within(mirror).getByRole('progressbar', { name: 'Initial load of contacts' }),
    ).toHaveAttribute('value', '3');
    expect(calls(requests, '/api/sync')).toHaveLength(1);
  });
});

describe('OperationsPage: audit log', { timeout: 15_000 }, () => {
  it('lists writes and undoes a contact edit, refreshing the log', async () => {
    let entries = [contactEdit, auditEntry(6)];
    const { requests, writes } = stubGateway({ audit: () => entries });
    renderPage(<OperationsPage />, '/operations');

    const log = await screen.findByRole('list', { name: 'Audit log' });
    const edit = within(log).getByRole('listitem', { name: /^PATCH \/contacts\/k1,/ });
    expect(within(edit).getByText(/Missive answered 200 · k1/)).toBeInTheDocument();
    // Only contact edits that kept the earlier version can be undone.
    const post = within(log).getByRole('listitem', { name: /^POST \/posts,/ });
    expect(within(post).queryByRole('button', { name: /Undo/ })).toBeNull();

    entries = [
      auditEntry(8, {
        agent: 'ada',
        endpoint: 'updateContacts',
        method: 'PATCH',
        path: '/contacts/k1',
      }),
      ...entries,
    ];
    await userEvent.click(within(edit).getByRole('button', { name: 'Undo PATCH /contacts/k1' }));

    expect(
      await within(edit).findByText(
        'Undone: Ada Lovelace is back as it was before this edit. The undo is logged too.',
      ),
    ).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path])).toEqual([
      ['POST', '/api/audit/7/undo'],
    ]);
    await waitFor(() => {
      expect(within(log).getAllByRole('listitem')).toHaveLength(3);
    });
    expect(calls(requests, '/api/audit').length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    [
      'a conflict (409)',
      409,
      'conflict',
      "the contact's notes changed since write 7; undoing it would overwrite that change",
      "Conflict: the contact's notes changed since write 7; undoing it would overwrite that change",
    ],
    [
      'a refusal (400)',
      400,
      'bad_request',
      'audit entry 7 cannot be undone: the write did not change exactly that contact',
      'Not accepted: audit entry 7 cannot be undone: the write did not change exactly that contact',
    ],
  ])('shows the gateway’s message for %s', async (_, status, code, message, shown) => {
    stubGateway({
      audit: () => [contactEdit],
      undo: () => jsonResponse({ error: { message, code } }, status),
    });
    renderPage(<OperationsPage />, '/operations');
    await userEvent.click(await screen.findByRole('button', { name: 'Undo PATCH /contacts/k1' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(shown);
    expect(screen.getByRole('button', { name: 'Undo PATCH /contacts/k1' })).toBeEnabled();
  });

  it('shows one person’s writes, an AI agent’s say, from their newest, and everyone’s again', async () => {
    const { requests } = stubGateway({
      audit: (request) =>
        request.query.get('agent') === 'Ada Bot'
          ? [auditEntry(9, { agent: 'Ada Bot' })]
          : [auditEntry(9, { agent: 'Ada Bot' }), auditEntry(8, { agent: 'grace' })],
    });
    const { search } = renderPage(<OperationsPage />, '/operations?audit_before=50');
    const log = await screen.findByRole('list', { name: 'Audit log' });
    await userEvent.click(within(log).getByRole('button', { name: 'Only Ada Bot’s writes' }));
    await waitFor(() => {
      expect(
        within(screen.getByRole('list', { name: 'Audit log' })).getAllByRole('listitem'),
      ).toHaveLength(1);
    });
    expect(search()).toEqual({ audit_by: 'Ada Bot' });
    expect(calls(requests, '/api/audit').at(-1)?.query.get('agent')).toBe('Ada Bot');
    expect(screen.getByText('Only Ada Bot’s writes.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show everyone’s writes' }));
    expect(
      await within(await screen.findByRole('list', { name: 'Audit log' })).findAllByRole(
        'listitem',
      ),
    ).toHaveLength(2);
    expect(search()).toEqual({});
  });

  it('pages by id with the cursor in the URL', async () => {
    const page = (from: number) => Array.from({ length: 25 }, (_, i) => auditEntry(from - i));
    const { requests } = stubGateway({
      audit: (request) => (request.query.get('before') === '76' ? [auditEntry(75)] : page(100)),
    });
    const { search } = renderPage(<OperationsPage />, '/operations?events_before=10');
    await screen.findByRole('list', { name: 'Audit log' });
    expect(Object.fromEntries(calls(requests, '/api/audit')[0]?.query ?? [])).toEqual({
      limit: '25',
    });
    expect(calls(requests, '/api/webhook-events')[0]?.query.get('before')).toBe('10');

    const nav = screen.getByRole('navigation', { name: 'Audit log pages' });
    await userEvent.click(within(nav).getByRole('button', { name: 'Older' }));

    expect(search()).toEqual({ events_before: '10', audit_before: '76' });
    const log = await screen.findByRole('list', { name: 'Audit log' });
    await waitFor(() => {
      expect(within(log).getAllByRole('listitem')).toHaveLength(1);
    });
    await userEvent.click(
      within(screen.getByRole('navigation', { name: 'Audit log pages' })).getByRole('button', {
        name: 'Newest',
      }),
    );
    expect(search()).toEqual({ events_before: '10' });
  });
});

describe('OperationsPage: as an agent', { timeout: 15_000 }, () => {
  it('offers no webhook registration, and Undo only on the agent’s own edits', async () => {
    signInAs({ name: 'ada', role: 'agent' });
    const theirs = auditEntry(9, { ...contactEdit, id: 9, agent: 'grace' });
    stubGateway({ audit: () => [theirs, contactEdit] });
    renderPage(<OperationsPage />, '/operations');

    const log = await screen.findByRole('list', { name: 'Audit log' });
    const items = within(log).getAllByRole('listitem', { name: /^PATCH \/contacts\/k1,/ });
    expect(
      items.map((item) => within(item).queryByRole('button', { name: /Undo/ }) !== null),
    ).toEqual([false, true]);
    expect(screen.getByText('Only an admin can register or remove webhooks.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Register/ })).toBeNull();
  });
});

describe('OperationsPage: webhooks', { timeout: 15_000 }, () => {
  it('lists the webhook events received, with the conversation and the payload', async () => {
    stubGateway({ events: () => [event] });
    renderPage(<OperationsPage />, '/operations');

    const list = await screen.findByRole('list', { name: 'Webhook events received' });
    const item = within(list).getByRole('listitem', { name: /^label_change,/ });
    expect(within(item).getByText('Conversation “Refund request” (conv-1)')).toBeInTheDocument();
    expect(within(item).getByText('Payload')).toBeInTheDocument();
  });

  it('refreshes the events when a webhook-driven change is pushed', async () => {
    const { requests } = stubGateway();
    const { queryClient } = renderPage(<OperationsPage />, '/operations');
    await screen.findByText(/No webhook has been received yet/);
    expect(calls(requests, '/api/webhook-events')).toHaveLength(1);
    push(queryClient, { type: 'label.changed', conversation: 'conv-1' });
    await waitFor(() => {
      expect(calls(requests, '/api/webhook-events')).toHaveLength(2);
    });
  });

  it('registers a webhook to this server with the pasted secret, keeps it here, and removes it', async () => {
    const { writes } = stubGateway();
    renderPage(<OperationsPage />, '/operations');
    const form = screen.getByRole('form', { name: 'Register a webhook' });
    expect(within(form).getByLabelText('Delivery URL')).toHaveValue(
      `${window.location.origin}/webhooks/missive`,
    );
    expect(within(form).getByLabelText('Webhook secret')).toHaveAccessibleDescription(
      /Paste the server’s MISSIVE_WEBHOOK_SECRET/,
    );

    await userEvent.selectOptions(within(form).getByLabelText('Event'), 'Label change');
    await userEvent.type(within(form).getByLabelText('Webhook secret'), 'server-secret-0123456789');
    await userEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));

    expect(
      await within(form).findByText(
        `Registered: Missive will send label change events to ${window.location.origin}/webhooks/missive.`,
      ),
    ).toBeInTheDocument();
    expect(writes()[0]?.body).toEqual({
      hooks: {
        type: 'label_change',
        url: `${window.location.origin}/webhooks/missive`,
        secret: 'server-secret-0123456789',
      },
    });
    expect(within(form).getByLabelText('Webhook secret')).toHaveValue('');
    const registered = screen.getByRole('list', { name: 'Registered webhooks' });
    expect(within(registered).getByText('Label change')).toBeInTheDocument();
    // Kept for this browser, without the secret.
    expect(localStorage.getItem('crm.operations.hooks')).toContain('hook-1');
    expect(localStorage.getItem('crm.operations.hooks')).not.toContain('server-secret');

    await userEvent.click(
      within(registered).getByRole('button', {
        name: `Remove Label change webhook to ${window.location.origin}/webhooks/missive`,
      }),
    );
    expect(
      await screen.findByText('Removed: Missive no longer delivers to it.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Registered webhooks' })).toBeNull();
    expect(writes().map((request) => [request.method, request.path])).toEqual([
      ['POST', '/hooks'],
      ['DELETE', '/hooks/hook-1'],
    ]);
  });

  it('refuses a short secret before asking Missive, keeping what was typed', async () => {
    const { writes } = stubGateway();
    renderPage(<OperationsPage />, '/operations');
    const form = screen.getByRole('form', { name: 'Register a webhook' });
    await userEvent.type(within(form).getByLabelText('Description (optional)'), 'CRM');
    await userEvent.type(within(form).getByLabelText('Webhook secret'), 'too-short');
    await userEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));

    expect(within(form).getByRole('alert')).toHaveTextContent(
      'secret: must be at least 16 characters',
    );
    expect(writes()).toEqual([]);
    expect(within(form).getByLabelText('Description (optional)')).toHaveValue('CRM');
    expect(within(form).getByLabelText('Webhook secret')).toHaveValue('too-short');
  });

  it('shows the secret Missive chose when none was pasted, and treats a hook already gone as removed', async () => {
    stubGateway({
      deleteHook: () => new Response(null, { status: 404 }),
    });
    renderPage(<OperationsPage />, '/operations');
    const form = screen.getByRole('form', { name: 'Register a webhook' });
    await userEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));

    expect(await within(form).findByText('chosen-by-missive-0123456789abcdef')).toBeInTheDocument();
    expect(
      within(form).getByText(/server runs with MISSIVE_WEBHOOK_SECRET set to it/),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: /^Remove Conversation change webhook/ }),
    );
    expect(
      await screen.findByText(
        'Missive no longer had this webhook (removed elsewhere); it is off the list.',
      ),
    ).toBeInTheDocument();
    expect(localStorage.getItem('crm.operations.hooks')).toBe('[]');
  });

  it('keeps the form as typed when Missive refuses the webhook', async () => {
    stubGateway({
      createHook: () =>
        jsonResponse(
          { error: { message: 'hooks.url: must be reachable', code: 'bad_request' } },
          400,
        ),
    });
    renderPage(<OperationsPage />, '/operations');
    const form = screen.getByRole('form', { name: 'Register a webhook' });
    await userEvent.type(within(form).getByLabelText('Webhook secret'), 'server-secret-0123456789');
    await userEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Not accepted: hooks.url: must be reachable',
    );
    expect(within(form).getByLabelText('Webhook secret')).toHaveValue('server-secret-0123456789');
  });
});
