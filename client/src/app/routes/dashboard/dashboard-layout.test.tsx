import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '../../../stores/session';
import { describeRequest, jsonResponse } from '../../../test/http';
import { renderApp } from '../../../test/render-app';

const limits = {
  budget: { concurrent: 5, inFlight: 0, pausedUntil: 0, pacing: null, windows: [] },
  queues: {
    queued: { interactive: 0, background: 0 },
    started: { interactive: 0, background: 0 },
    shed: 0,
  },
  upstream: {
    rateLimited: 0,
    coalesced: 0,
    upstreamCalls: 0,
    upstreamCallsByLane: { interactive: 0, background: 0 },
    retried: 0,
  },
  cache: { hits: 0, misses: 0, hitRate: 0, entries: 0 },
};

/** The gateway, as far as the layout is concerned: the key check, and nothing else answered. */
function stubGateway(validKey: string) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const { url, headers } = describeRequest(input, init);
      if (url === '/api/limits') {
        return Promise.resolve(
          headers.get('Authorization') === `Bearer ${validKey}`
            ? jsonResponse(limits)
            : jsonResponse(
                { error: { message: 'invalid credentials', code: 'unauthorized' } },
                401,
              ),
        );
      }
      // Views under test elsewhere: keep them waiting rather than failing.
      return new Promise<Response>(() => undefined);
    }),
  );
}

describe('the dashboard layout', () => {
  beforeEach(() => {
    useSessionStore.getState().clearAccessKey();
  });

  it('asks for the access key when none is known', () => {
    stubGateway('right-key-0123456789');
    renderApp('/contacts');
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('Access key')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Dashboard' })).toBeNull();
  });

  it('says plainly when the key is refused, and lets the agent try another', async () => {
    stubGateway('right-key-0123456789');
    useSessionStore.getState().setAccessKey('wrong-key');
    renderApp('/');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That access key was refused by this server.',
    );

    await userEvent.type(screen.getByLabelText('Access key'), 'right-key-0123456789');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const nav = await screen.findByRole('navigation', { name: 'Dashboard' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Conversations',
      'Contacts',
      'Labels',
      'Tasks',
      'Responses',
      'People',
      'Analytics',
      'Operations',
    ]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('marks the current view in the navigation', async () => {
    stubGateway('right-key-0123456789');
    useSessionStore.getState().setAccessKey('right-key-0123456789');
    renderApp('/labels');
    const nav = await screen.findByRole('navigation', { name: 'Dashboard' });
    expect(within(nav).getByRole('link', { name: 'Labels' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });
});
