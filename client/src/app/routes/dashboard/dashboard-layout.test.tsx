import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Person } from '@crm/shared/people';
import { useSessionStore } from '@/stores/session';
import { describeRequest, jsonResponse } from '@/test/http';
import { renderApp } from '@/test/render-app';
import { signInAs, storedText } from '@/test/session';

const refusal = (message: string) =>
  jsonResponse({ error: { message, code: 'unauthorized' } }, 401);

/**
 * The gateway, as far as the layout is concerned: the key exchange, who a
 * token speaks for, and nothing else answered.
 */
function stubGateway(keys: Record<string, Person>) {
  const sessions = new Map<string, Person>();
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const { url, headers } = describeRequest(input, init);
      if (url === '/api/session') {
        const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
          key: string;
        };
        const person = keys[body.key];
        if (!person) return Promise.resolve(refusal('That access key is not valid'));
        const token = `token-for-${person.name}`;
        sessions.set(token, person);
        return Promise.resolve(
          jsonResponse({ token, expiresAt: Date.now() + 3_600_000, person }, 201),
        );
      }
      if (url === '/api/me') {
        const person = sessions.get(
          /^Bearer (.+)$/.exec(headers.get('Authorization') ?? '')?.[1] ?? '',
        );
        return Promise.resolve(person ? jsonResponse({ person }) : refusal('revoked'));
      }
      // Views under test elsewhere: keep them waiting rather than failing.
      return new Promise<Response>(() => undefined);
    }),
  );
  return { sessions };
}

const navLinks = async () =>
  within(await screen.findByRole('navigation', { name: 'Dashboard' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('the dashboard layout', () => {
  beforeEach(() => {
    useSessionStore.getState().clearSession();
  });

  it('asks for the access key when signed out', async () => {
    stubGateway({});
    renderApp('/contacts');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Access key')).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Dashboard' })).toBeNull();
  });

  it('says plainly when a key is refused, then trades the right one for a session and keeps only that', async () => {
    stubGateway({ 'right-key-0123456789': { name: 'Ana', role: 'agent' } });
    renderApp('/');
    await userEvent.type(await screen.findByLabelText('Access key'), 'wrong-key');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That access key was refused by this server',
    );

    await userEvent.clear(screen.getByLabelText('Access key'));
    await userEvent.type(screen.getByLabelText('Access key'), 'right-key-0123456789');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    // An agent sees the team's views, not the keys.
    expect(await navLinks()).toEqual([
      'Conversations',
      'Contacts',
      'Labels',
      'Tasks',
      'Responses',
      'People',
      'Analytics',
      'Operations',
    ]);
    expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as Ana (agent)');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(storedText()).not.toContain('right-key-0123456789');
    expect(useSessionStore.getState().session?.token).toBe('token-for-Ana');
  });

  it('shows an admin the access keys view', async () => {
    const { sessions } = stubGateway({});
    sessions.set('token-for-admin', { name: 'admin', role: 'admin' });
    signInAs({ name: 'admin', role: 'admin' }, 'token-for-admin');
    renderApp('/labels');
    expect(await navLinks()).toContain('Access keys');
  });

  it('goes back to signing in, saying why, when the gateway no longer takes the session', async () => {
    stubGateway({});
    signInAs({ name: 'Ana', role: 'agent' }, 'revoked-token');
    renderApp('/labels');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Your session has ended \(revoked\)/,
    );
    expect(screen.getByLabelText('Access key')).toBeInTheDocument();
  });

  it('marks the current view in the navigation, and signs out', async () => {
    const { sessions } = stubGateway({});
    signInAs({ name: 'Ana', role: 'agent' }, 'token-for-Ana');
    sessions.set('token-for-Ana', { name: 'Ana', role: 'agent' });
    renderApp('/labels');
    const nav = await screen.findByRole('navigation', { name: 'Dashboard' });
    expect(within(nav).getByRole('link', { name: 'Labels' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('Access key')).toBeInTheDocument();
    expect(sessionStorage.getItem('crm.session')).toBeNull();
  });
});
