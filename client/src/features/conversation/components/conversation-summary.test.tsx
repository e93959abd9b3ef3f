import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { Message } from '@crm/shared/missive/messages';
import { createNoneHost } from '../../../host/none-host';
import { makeMessage } from '../../../test/conversation-fixtures';
import { jsonResponse } from '../../../test/http';
import { makeConversation } from '../../../test/missive-fixtures';
import { stubMissive } from '../../../test/missive-stub';
import { renderWithProviders } from '../../../test/render-with-providers';
import { ConversationSummary } from './conversation-summary';

const refund = makeConversation({
  id: 'conversation-1',
  subject: null,
  latest_message_subject: 'Refund for order 1042',
  team: { id: 'team-support', name: 'Support', organization: 'org-1' },
  assignees: [
    {
      id: 'user-grace',
      name: 'Grace Hopper',
      email: 'grace@brightwell.io',
      unassigned: false,
      closed: false,
      archived: false,
      trashed: false,
      junked: false,
      assigned: true,
      flagged: false,
      snoozed: false,
    },
  ],
  shared_labels: [
    { id: 'label-billing', name: 'Billing' },
    { id: 'label-vip', name: 'VIP' },
  ],
  messages_count: 4,
  attachments_count: 1,
  tasks_count: 3,
  completed_tasks_count: 2,
  drafts_count: 1,
});

function stubConversation(
  conversation: Conversation | Response,
  messages: Message[] = [makeMessage({ id: 'm1', delivered_at: 1_700_000_000, type: 'sms' })],
) {
  return stubMissive(({ path }) => {
    if (path === '/conversations/conversation-1') {
      return conversation instanceof Response
        ? conversation
        : jsonResponse({ conversations: [conversation] });
    }
    if (path === '/conversations/conversation-1/messages') return jsonResponse({ messages });
    return jsonResponse({ error: { message: `unexpected ${path}` } }, 500);
  });
}

function hostWithSpy() {
  const openConversation = vi.fn();
  return { host: { ...createNoneHost(['conversation-1']), openConversation }, openConversation };
}

function fact(term: string) {
  const terms = screen.getAllByRole('term');
  const match = terms.find((element) => element.textContent === term);
  return match?.nextElementSibling?.textContent;
}

describe('ConversationSummary', () => {
  it('shows subject, channel, team, assignees, labels and counts', async () => {
    stubConversation(refund);
    renderWithProviders(<ConversationSummary conversationId="conversation-1" />);

    const heading = await screen.findByRole('heading', { name: 'Refund for order 1042' });
    const summary = screen.getByRole('region', { name: 'Refund for order 1042' });
    expect(summary).toContainElement(heading);
    expect(await within(summary).findByText('SMS')).toBeInTheDocument();
    expect(fact('Team')).toBe('Support');
    expect(fact('Assignees')).toBe('Grace Hopper');
    const labels = within(summary).getByRole('list', { name: 'Labels' });
    expect(
      within(labels)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Billing', 'VIP']);
    const counts = within(summary).getByRole('list', { name: 'Counts' });
    expect(
      within(counts)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['4 messages', '1 attachment', '2/3 tasks done', '1 draft']);
  });

  it.each([
    [{ subject: 'Custom subject', latest_message_subject: 'Re: Hello' }, 'Custom subject'],
    [{ subject: null, latest_message_subject: null }, '(no subject)'],
  ])(
    'titles the conversation by its subject, else the latest message subject: %o',
    async (subjects, title) => {
      stubConversation(makeConversation({ id: 'conversation-1', ...subjects }));
      renderWithProviders(<ConversationSummary conversationId="conversation-1" />);
      expect(await screen.findByRole('heading', { name: title })).toBeInTheDocument();
    },
  );

  it('derives the channel from the latest message and says when nothing is set', async () => {
    stubConversation(makeConversation({ id: 'conversation-1' }), [
      makeMessage({ id: 'm2', delivered_at: 1_700_000_100, type: 'live_chat' }),
      makeMessage({ id: 'm1', delivered_at: 1_700_000_000, type: 'email' }),
    ]);
    renderWithProviders(<ConversationSummary conversationId="conversation-1" />);

    expect(await screen.findByText('Custom channel')).toBeInTheDocument();
    expect(fact('Team')).toBe('No team');
    expect(fact('Assignees')).toBe('Unassigned');
    expect(fact('Labels')).toBe('None');
  });

  it('opens the conversation through the host', async () => {
    stubConversation(refund);
    const { host, openConversation } = hostWithSpy();
    renderWithProviders(<ConversationSummary conversationId="conversation-1" />, { host });

    // The skeleton already shows the button, disabled: wait for the conversation.
    await screen.findByRole('heading', { name: 'Refund for order 1042' });
    await userEvent.click(screen.getByRole('button', { name: 'Open in Missive' }));
    expect(openConversation).toHaveBeenCalledWith({
      id: 'conversation-1',
      web_url: refund.web_url,
    });
  });

  it('keeps its layout while loading, with the button disabled', () => {
    stubMissive(() => new Promise<Response>(() => {}));
    renderWithProviders(<ConversationSummary conversationId="conversation-1" />);

    expect(screen.getByRole('heading', { name: 'Loading conversation…' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open in Missive' })).toBeDisabled();
    expect(screen.getAllByRole('term').map((term) => term.textContent)).toEqual([
      'Channel',
      'Team',
      'Assignees',
      'Labels',
    ]);
  });

  it('says so when the conversation no longer exists', async () => {
    stubConversation(
      jsonResponse({ error: { message: 'Conversation not found', code: 'not_found' } }, 404),
    );
    renderWithProviders(<ConversationSummary conversationId="conversation-1" />);

    expect(await screen.findByText('This conversation no longer exists')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('shows the gateway message and retries on request', async () => {
    let answer: Response = jsonResponse(
      { error: { message: 'Rate limit reached: retrying in 12 s', code: 'rate_limited' } },
      429,
    );
    stubMissive(({ path }) => {
      if (path === '/conversations/conversation-1') return answer;
      return jsonResponse({ messages: [] });
    });
    renderWithProviders(<ConversationSummary conversationId="conversation-1" />);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Rate limit reached: retrying in 12 s',
    );
    answer = jsonResponse({ conversations: [refund] });
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('heading', { name: 'Refund for order 1042' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
