import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@crm/shared/events';
import { invalidateForEvent } from '@/lib/queries';
import type { SyncReport } from '@crm/shared/sync';
import { useSessionStore } from '@/stores/session';
import { signInAs } from '@/test/session';
import { describeRequest, jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { SYNC_LOADING_REFRESH_MS, SYNC_SETTLED_REFRESH_MS } from '../api/get-sync-report';
import { loading, syncReport } from '../test/sync-fixtures';
import { MirrorSync } from './mirror-sync';

// The dashboard layout holds the event stream; the panel only listens. Events are pushed by hand.
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

function stubSync(answer: () => SyncReport | Response) {
  return stubMissive((request) => {
    if (request.method === 'GET' && request.path === '/api/sync') {
      const report = answer();
      return report instanceof Response ? report : jsonResponse(report);
    }
    return jsonResponse(
      { error: { message: `unexpected ${request.method} ${request.path}` } },
      500,
    );
  });
}

/** Mid-way through the first load: the structure is in, contacts and mailboxes are coming. */
const midLoad = () =>
  syncReport({
    contact_books: { rows: 8, parts: { done: 1, total: 1 } },
    contacts: { ...loading(3, 8), rows: 1234, calls: 41 },
    contact_groups: loading(0, 8),
    conversations: loading(1, 3),
    tasks: loading(0, 1),
    responses: loading(0, 1),
  });

const row = (name: string) =>
  within(screen.getByRole('table', { name: 'Mirror by object' })).getByRole('row', {
    name: new RegExp(`^${name} `),
  });

beforeEach(() => {
  signInAs();
});

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('MirrorSync', () => {
  it('reads GET /api/sync with the session token', async () => {
    const { requests } = stubSync(() => syncReport());
    renderWithProviders(<MirrorSync />);
    await screen.findByRole('table', { name: 'Mirror by object' });

    expect(requests.map((request) => [request.method, request.path])).toEqual([
      ['GET', '/api/sync'],
    ]);
    const [input, init] = vi.mocked(fetch).mock.calls[0] ?? [];
    expect(input).toBeDefined();
    if (input === undefined) return;
    expect(describeRequest(input, init).headers.get('Authorization')).toBe('Bearer test-token');
  });

  it('shows the initial load’s progress, object by object', async () => {
    stubSync(midLoad);
    renderWithProviders(<MirrorSync />);

    expect(await screen.findByText('Initial load: 5 of 10 objects done.')).toBeInTheDocument();
    const contacts = screen.getByRole('progressbar', { name: 'Initial load of contacts' });
    expect(contacts).toHaveAttribute('value', '3');
    expect(contacts).toHaveAttribute('max', '8');
    expect(contacts).toHaveAttribute('aria-valuetext', '3 of 8 contact books');
    const mailboxes = screen.getByRole('progressbar', { name: 'Initial load of conversations' });
    expect(mailboxes).toHaveAttribute('value', '1');
    expect(mailboxes).toHaveAttribute('max', '3');
    expect(screen.getAllByRole('progressbar')).toHaveLength(5);

    expect(
      within(row('Contacts'))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['1,234', 'Loading3 of 8 contact books', 'not yet', '—', '41']);
    expect(screen.getByText(/Refreshed every 3 seconds while the initial load runs/)).toBeVisible();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an object whose parts are not known yet as not started', async () => {
    stubSync(() => syncReport({ contact_books: loading(0, 1), contacts: loading(0, 0) }));
    renderWithProviders(<MirrorSync />);

    const bar = await screen.findByRole('progressbar', { name: 'Initial load of contacts' });
    expect(bar).not.toHaveAttribute('value');
    expect(within(row('Contacts')).getByText('not started yet')).toBeInTheDocument();
  });

  it('says live, when the last round finished, and each object’s lag', async () => {
    stubSync(() =>
      syncReport({
        contacts: { rows: 1234, lastSuccessAt: Date.now() - 12_000, lagMs: 45_000, calls: 120 },
        organizations: { lastSuccessAt: Date.now() - 600_000, lagMs: 600_000 },
      }),
    );
    renderWithProviders(<MirrorSync />);

    expect(await screen.findByText('Live, last round 12 s ago.')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(
      within(row('Contacts'))
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['1,234', 'Live', '12 s ago', '45 s', '120']);
    expect(within(row('Organizations')).getByText('10 min ago')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The sync may spend 20% of the longest rate window, in the background lane, with a round every 60 s.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Refreshed every 30 seconds\./)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows what fails with the reason, naming the part, while the rest stays live', async () => {
    stubSync(() =>
      syncReport({
        contacts: {
          state: 'failing',
          reason: 'contact book book-9: Missive answered 403 (Forbidden).',
          parts: { done: 7, total: 8 },
          lastSuccessAt: null,
          lagMs: null,
        },
      }),
    );
    renderWithProviders(<MirrorSync />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Contacts: contact book book-9: Missive answered 403 (Forbidden). The sync retries on its own after a pause and keeps what the mirror already has.',
    );
    expect(
      screen.getByText('Failing: Contacts. Initial load: 9 of 10 objects done.'),
    ).toBeInTheDocument();
    expect(within(row('Contacts')).getByText('Failing')).toBeInTheDocument();
    expect(
      within(row('Contacts')).getByRole('progressbar', { name: 'Initial load of contacts' }),
    ).toHaveAttribute('value', '7');
    expect(within(row('Tasks')).getByText('Live')).toBeInTheDocument();
  });

  it('warns when the background sync is not running in this gateway', async () => {
    stubSync(() => syncReport({}, { running: false }));
    renderWithProviders(<MirrorSync />);
    expect(
      await screen.findByText(/The background sync is not running in this gateway/),
    ).toBeInTheDocument();
  });

  it('says why the state could not be read', async () => {
    stubSync(() => jsonResponse({ error: { message: 'bad key', code: 'unauthorized' } }, 401));
    renderWithProviders(<MirrorSync />);
    expect(screen.getByText('Reading the state of the sync…')).toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The state of the sync could not be read. The access key was not accepted (bad key). Sign in again.',
    );
  });

  describe('refreshing', () => {
    beforeEach(() => {
      vi.useFakeTimers({ shouldAdvanceTime: true });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('every few seconds during the initial load, then slowly once live', async () => {
      let report = midLoad();
      const { requests } = stubSync(() => report);
      renderWithProviders(<MirrorSync />);
      await screen.findByText('Initial load: 5 of 10 objects done.');
      expect(requests).toHaveLength(1);

      report = syncReport({ contacts: loading(8, 8) });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(SYNC_LOADING_REFRESH_MS);
      });
      expect(requests).toHaveLength(2);
      await waitFor(() => {
        expect(
          screen.getByRole('progressbar', { name: 'Initial load of contacts' }),
        ).toHaveAttribute('value', '8');
      });

      report = syncReport();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(SYNC_LOADING_REFRESH_MS);
      });
      expect(requests).toHaveLength(3);
      await screen.findByText(/^Live, last round/);

      await act(async () => {
        await vi.advanceTimersByTimeAsync(SYNC_SETTLED_REFRESH_MS - 1_000);
      });
      expect(requests).toHaveLength(3);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_000);
      });
      expect(requests).toHaveLength(4);
    });
  });

  it('reads the report again when the mirror announces changes', async () => {
    const { requests } = stubSync(() => syncReport());
    const { queryClient } = renderWithProviders(<MirrorSync />);
    await screen.findByRole('table', { name: 'Mirror by object' });
    expect(requests).toHaveLength(1);

    push(queryClient, { type: 'mirror.changed', objects: ['contacts'] });
    await waitFor(() => {
      expect(requests).toHaveLength(2);
    });
  });
});
