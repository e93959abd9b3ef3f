import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MissiveHost } from '@/host/host';
import { createNoneHost } from '@/host/none-host';
import { ApiError } from '@/lib/api-client';
import { jsonResponse } from '@/test/http';
import { makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { ConversationSummary, type ConversationSummaryProps } from './conversation-summary';

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

/** Everything the summary shows comes in its props: any request at all is a regression. */
let requests: MissiveRequest[] = [];
afterEach(() => {
  const made = requests;
  requests = [];
  expect(made).toEqual([]);
});

/** The summary as the sidebar passes it a loaded context; override what a test is about. */
function renderSummary(
  overrides: Partial<ConversationSummaryProps> = {},
  { host }: { host?: MissiveHost } = {},
) {
  ({ requests } = stubMissive(({ path }) =>
    jsonResponse({ error: { message: `unexpected ${path}` } }, 500),
  ));
  const onRetry = vi.fn();
  const props: ConversationSummaryProps = {
    conversation: refund,
    title: 'Refund for order 1042',
    channel: 'sms',
    reachedBy: { email: false, phone: true },
    error: null,
    onRetry,
    ...overrides,
  };
  renderWithProviders(<ConversationSummary {...props} />, host ? { host } : {});
  return { onRetry };
}

function fact(term: string) {
  const terms = screen.getAllByRole('term');
  const match = terms.find((element) => element.textContent === term);
  return match?.nextElementSibling?.textContent;
}

describe('ConversationSummary', () => {
  it('shows title, channel, team, assignees, labels and counts', () => {
    renderSummary();

    const heading = screen.getByRole('heading', { name: 'Refund for order 1042' });
    const summary = screen.getByRole('region', { name: 'Refund for order 1042' });
    expect(summary).toContainElement(heading);
    expect(fact('Channel')).toBe('SMS');
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

  it('titles the conversation as the sidebar names it, not by the record’s subject', () => {
    renderSummary({
      conversation: makeConversation({ id: 'conversation-1', subject: 'Re: Hello' }),
      title: 'Ada Lovelace',
    });
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(screen.queryByText('Re: Hello')).not.toBeInTheDocument();
  });

  it.each([
    ['email', { email: false, phone: true }, 'Email'],
    ['sms', { email: true, phone: false }, 'SMS'],
    ['whatsapp', { email: false, phone: false }, 'WhatsApp'],
    ['live_chat', { email: true, phone: true }, 'Custom channel'],
  ])('names the latest message’s channel %s whoever takes part', (channel, reachedBy, expected) => {
    renderSummary({ channel, reachedBy });
    expect(fact('Channel')).toBe(expected);
  });

  it.each([
    [null, { email: true, phone: true }, 'Email'],
    [null, { email: true, phone: false }, 'Email'],
    [undefined, { email: false, phone: true }, 'SMS or WhatsApp'],
    [null, { email: false, phone: false }, 'Unknown'],
  ])(
    'without a known channel (%s), tells it by how the people are reached: %o',
    (channel, reachedBy, expected) => {
      renderSummary({ channel, reachedBy });
      expect(fact('Channel')).toBe(expected);
    },
  );

  it('says when no team, assignee or label is set', () => {
    renderSummary({ conversation: makeConversation({ id: 'conversation-1' }) });

    expect(fact('Team')).toBe('No team');
    expect(fact('Assignees')).toBe('Unassigned');
    expect(fact('Labels')).toBe('None');
  });

  it('opens the conversation through the host', async () => {
    const openConversation = vi.fn();
    renderSummary({}, { host: { ...createNoneHost(['conversation-1']), openConversation } });

    await userEvent.click(screen.getByRole('button', { name: 'Open in Missive' }));
    expect(openConversation).toHaveBeenCalledWith({
      id: 'conversation-1',
      web_url: refund.web_url,
    });
  });

  it('keeps its layout while loading, with the button disabled', () => {
    renderSummary({ conversation: undefined, title: undefined, channel: undefined });

    expect(screen.getByRole('heading', { name: 'Loading conversation…' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open in Missive' })).toBeDisabled();
    expect(screen.getAllByRole('term').map((term) => term.textContent)).toEqual([
      'Channel',
      'Team',
      'Assignees',
      'Labels',
    ]);
  });

  it('says so when the conversation no longer exists', () => {
    renderSummary({
      conversation: undefined,
      error: new ApiError(404, 'Conversation not found', 'not_found'),
    });

    expect(screen.getByText('This conversation no longer exists')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('shows the gateway message and asks for a retry on request', async () => {
    const { onRetry } = renderSummary({
      conversation: undefined,
      error: new ApiError(429, 'Rate limit reached: retrying in 12 s', 'rate_limited'),
    });

    expect(screen.getByRole('alert')).toHaveTextContent('Rate limit reached: retrying in 12 s');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('keeps showing what was read when a refresh fails', () => {
    renderSummary({ error: new ApiError(503, 'Missive is unavailable', 'upstream_error') });

    expect(screen.getByRole('heading', { name: 'Refund for order 1042' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
