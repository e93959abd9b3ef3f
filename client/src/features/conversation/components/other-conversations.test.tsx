import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Conversation } from '@crm/shared/missive/conversations';
import { createNoneHost } from '../../../host/none-host';
import { describeRequest, jsonResponse } from '../../../test/http';
import { makeConversation } from '../../../test/missive-fixtures';
import { stubMissive } from '../../../test/missive-stub';
import { renderWithProviders } from '../../../test/render-with-providers';
import { OtherConversations } from './other-conversations';

const T = 1_700_000_000;

const history = [
  makeConversation({
    id: 'conversation-1',
    subject: 'The one on screen',
    last_activity_at: T + 300,
  }),
  makeConversation({ id: 'conversation-old', subject: 'Invoice copy', last_activity_at: T + 100 }),
  makeConversation({
    id: 'conversation-new',
    latest_message_subject: 'Re: Delivery to Lisbon',
    last_activity_at: T + 200,
  }),
];

function stubConversations(answer: () => Response) {
  return stubMissive(({ path }) =>
    path === '/conversations' ? answer() : jsonResponse({ error: { message: path } }, 500),
  );
}

function renderOthers(conversations: Conversation[] = history) {
  const stub = stubConversations(() => jsonResponse({ conversations }));
  const openConversation = vi.fn();
  const host = { ...createNoneHost(['conversation-1']), openConversation };
  renderWithProviders(<OtherConversations email="ada@example.com" excludeId="conversation-1" />, {
    host,
  });
  return { ...stub, openConversation };
}

describe('OtherConversations', () => {
  it('lists the participant’s other conversations, newest first', async () => {
    const { requests } = renderOthers();

    const list = await screen.findByRole('list', { name: 'Other conversations' });
    expect(
      within(list)
        .getAllByRole('button')
        .map((button) => button.firstChild?.textContent),
    ).toEqual(['Re: Delivery to Lisbon', 'Invoice copy']);
    expect(requests.map((request) => [request.path, request.query.toString()])).toEqual([
      ['/conversations', 'all=true&email=ada%40example.com&limit=10'],
    ]);
    // The agent is looking at this list: it is an interactive read, not a background prefetch.
    const [input, init] = vi.mocked(fetch).mock.calls[0] ?? [];
    expect(input && describeRequest(input, init).headers.get('X-Priority')).toBeNull();
  });

  it('opens a conversation through the host', async () => {
    const { openConversation } = renderOthers();

    await userEvent.click(await screen.findByRole('button', { name: /Invoice copy/ }));
    expect(openConversation).toHaveBeenCalledWith({
      id: 'conversation-old',
      web_url: history[1]?.web_url,
    });
  });

  it('says when the only conversation is the one on screen', async () => {
    renderOthers(history.slice(0, 1));
    expect(await screen.findByText('No other conversations')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('shows the gateway message and retries on request', async () => {
    let down = true;
    stubConversations(() =>
      down
        ? jsonResponse(
            { error: { message: 'Missive is unavailable', code: 'upstream_error' } },
            503,
          )
        : jsonResponse({ conversations: history }),
    );
    renderWithProviders(<OtherConversations email="ada@example.com" excludeId="conversation-1" />);

    expect(await screen.findByRole('alert')).toHaveTextContent('Missive is unavailable');
    down = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('list', { name: 'Other conversations' })).toBeInTheDocument();
  });

  it('shows a loading state of its own', () => {
    stubMissive(() => new Promise<Response>(() => {}));
    renderWithProviders(<OtherConversations email="ada@example.com" />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading other conversations…');
  });
});
