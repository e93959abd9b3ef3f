import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '../../stores/session';
import { makeConversation } from '../../test/missive-fixtures';
import { describeRequest, jsonResponse } from '../../test/http';
import { renderApp } from '../../test/render-app';

const health = { status: 'ok', mode: 'demo', version: '0.1.0', upstream: { reachable: true } };

function stubGateway(answer: (url: string, headers: Headers) => Response) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const { url, headers } = describeRequest(input, init);
    return Promise.resolve(url === '/api/health' ? jsonResponse(health) : answer(url, headers));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('home page', () => {
  beforeEach(() => {
    useSessionStore.getState().clearAccessKey();
  });

  it('asks for an access key and shows the gateway health when signed out', async () => {
    const fetchMock = stubGateway(() => jsonResponse({ error: { message: 'unexpected' } }, 500));
    renderApp('/');

    expect(screen.getByRole('heading', { level: 1, name: 'Missive CRM' })).toBeInTheDocument();
    expect(screen.getByLabelText('Access key')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    const status = screen.getByRole('region', { name: 'Gateway status' });
    expect(await within(status).findByText('Demo mode')).toBeInTheDocument();
    expect(within(status).getByText('Reachable')).toBeInTheDocument();
    // Signed out, nothing may be asked of Missive.
    expect(fetchMock.mock.calls.map(([input, init]) => describeRequest(input, init).url)).toEqual([
      '/api/health',
    ]);
  });

  it('lists the organization and the latest conversation subjects once signed in', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    stubGateway((url, headers) => {
      seen.push({ url, authorization: headers.get('Authorization') });
      if (url.startsWith('/api/missive/v1/organizations')) {
        return jsonResponse({ organizations: [{ id: 'org-1', name: 'Acme Support' }] });
      }
      return jsonResponse({
        conversations: [
          makeConversation({ id: 'c1', subject: 'Refund for order 1042' }),
          makeConversation({ id: 'c2', latest_message_subject: 'Re: Shipping to Lisbon' }),
        ],
      });
    });
    renderApp('/');

    await userEvent.type(screen.getByLabelText('Access key'), 'secret-key-1');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const organization = screen.getByRole('region', { name: 'Organization' });
    expect(await within(organization).findByText('Acme Support')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Latest conversations' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Refund for order 1042', 'Re: Shipping to Lisbon']);
    expect(screen.queryByLabelText('Access key')).not.toBeInTheDocument();
    expect(seen).toEqual(
      expect.arrayContaining([
        { url: '/api/missive/v1/organizations', authorization: 'Bearer secret-key-1' },
        {
          url: '/api/missive/v1/conversations?all=true&limit=10',
          authorization: 'Bearer secret-key-1',
        },
      ]),
    );
  });

  it('shows the gateway message when the key is refused', async () => {
    useSessionStore.getState().setAccessKey('wrong-key');
    stubGateway(() =>
      jsonResponse(
        { error: { message: 'The access key is not valid', code: 'unauthorized' } },
        401,
      ),
    );
    renderApp('/');

    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]).toHaveTextContent('The access key is not valid');
    await userEvent.click(screen.getByRole('button', { name: 'Use another key' }));
    expect(screen.getByLabelText('Access key')).toBeInTheDocument();
  });
});
