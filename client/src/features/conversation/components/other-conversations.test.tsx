import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Conversation } from '@crm/shared/missive/conversations';
import { createNoneHost } from '@/host/none-host';
import { jsonResponse } from '@/test/http';
import { makeConversation } from '@/test/missive-fixtures';
import { stubMissive } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { OtherConversations } from './other-conversations';

const T = 1_700_000_000;

/** Newest activity first, as the gateway's context lists them. */
const history = [
  makeConversation({
    id: 'conversation-1',
    subject: 'The one on screen',
    last_activity_at: T + 300,
  }),
  makeConversation({
    id: 'conversation-new',
    latest_message_subject: 'Re: Delivery to Lisbon',
    last_activity_at: T + 200,
  }),
  makeConversation({ id: 'conversation-old', subject: 'Invoice copy', last_activity_at: T + 100 }),
];

/** The list as the sidebar passes it; the fetch stub shows that it asks for nothing itself. */
function renderOthers(conversations: Conversation[] | undefined) {
  const { requests } = stubMissive(({ path }) =>
    jsonResponse({ error: { message: `unexpected ${path}` } }, 500),
  );
  const openConversation = vi.fn();
  const host = { ...createNoneHost(['conversation-1']), openConversation };
  renderWithProviders(
    <OtherConversations conversations={conversations} excludeId="conversation-1" />,
    { host },
  );
  return { requests, openConversation };
}

function subjects(list: HTMLElement) {
  return within(list)
    .getAllByRole('button')
    .map((button) => button.firstChild?.textContent);
}

describe('OtherConversations', () => {
  it('lists the participant’s other conversations in the order given, without a request', () => {
    const { requests } = renderOthers(history);

    const list = screen.getByRole('list', { name: 'Other conversations' });
    expect(subjects(list)).toEqual(['Re: Delivery to Lisbon', 'Invoice copy']);
    expect(requests).toEqual([]);
  });

  it('shows every conversation when none is excluded', () => {
    stubMissive(() => jsonResponse({ error: { message: 'unexpected' } }, 500));
    renderWithProviders(<OtherConversations conversations={history} />);

    expect(subjects(screen.getByRole('list', { name: 'Other conversations' }))).toEqual([
      'The one on screen',
      'Re: Delivery to Lisbon',
      'Invoice copy',
    ]);
  });

  it('opens a conversation through the host', async () => {
    const { openConversation } = renderOthers(history);

    await userEvent.click(screen.getByRole('button', { name: /Invoice copy/ }));
    expect(openConversation).toHaveBeenCalledWith({
      id: 'conversation-old',
      web_url: history[2]?.web_url,
    });
  });

  it('says when the only conversation is the one on screen', () => {
    renderOthers(history.slice(0, 1));
    expect(screen.getByText('No other conversations')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('says when there are none at all', () => {
    renderOthers([]);
    expect(screen.getByText('No other conversations')).toBeInTheDocument();
  });

  it('shows a loading state of its own until the conversations are given', () => {
    const { requests } = renderOthers(undefined);
    expect(screen.getByRole('status')).toHaveTextContent('Loading other conversations…');
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
    expect(requests).toEqual([]);
  });
});
