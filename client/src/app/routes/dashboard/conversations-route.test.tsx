import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  booleanMailboxes,
  contactFilters,
  idMailboxes,
  type Conversation,
} from '@crm/shared/missive/conversations';
import { answerTimePage } from '@/test/conversation-fixtures';
import { jsonResponse } from '@/test/http';
import { makeContext, makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { ConversationsRoute } from './conversations-route';

const teams = [
  { id: 'team-a', name: 'Support', organization: 'org-1' },
  { id: 'team-b', name: 'Billing', organization: 'org-1' },
];
const organizations = [{ id: 'org-1', name: 'Acme Support' }];
const sharedLabels = [
  {
    id: 'l-billing',
    name: 'Billing',
    name_with_parent_names: 'Billing',
    color: null,
    parent: null,
    organization: 'org-1',
  },
  {
    id: 'l-refunds',
    name: 'Refunds',
    name_with_parent_names: 'Billing/Refunds',
    color: null,
    parent: 'l-billing',
    organization: 'org-1',
  },
];
const contactBooks = [
  {
    id: 'book-1',
    user: 'user-1',
    share_with_organization: true,
    share_with_team: null,
    share_with_users: [],
    organization: 'org-1',
    name: 'Customers',
    description: null,
  },
];
const contactOrganizations = [{ id: 'group-globex', kind: 'organization', name: 'Globex' }];

const NOW = 1_750_000_000;

/** `count` conversations a minute apart, newest first. */
function mailbox(count: number): Conversation[] {
  return Array.from({ length: count }, (_, index) =>
    makeConversation({
      id: `c${index + 1}`,
      subject: `Conversation ${index + 1}`,
      last_activity_at: NOW - index * 60,
    }),
  );
}

/**
 * Answers the list from `conversations` by `until` (inclusively, as a
 * boundary conversation can come back), the opened conversation's context
 * from the gateway, and the directory reads its sections make.
 */
function stubDashboard(conversations: Conversation[] = mailbox(3)) {
  return stubMissive((request) => {
    const { path, query } = request;
    if (path === '/conversations') {
      return jsonResponse({
        conversations: answerTimePage(
          conversations,
          (conversation) => conversation.last_activity_at ?? 0,
          query,
          { inclusive: true },
        ),
      });
    }
    const opened = /^\/api\/context\/([^/]+)$/.exec(path)?.[1];
    if (opened) {
      const conversation = conversations.find(({ id }) => id === opened);
      return conversation
        ? jsonResponse(makeContext(conversation))
        : jsonResponse({ error: { code: 'not_found', message: 'Conversation not found' } }, 404);
    }
    const answers: Record<string, unknown> = {
      '/teams': { teams },
      '/organizations': { organizations },
      '/shared_labels': { shared_labels: sharedLabels },
      '/contact_books': { contact_books: contactBooks },
      '/contact_groups': { contact_groups: contactOrganizations },
      '/users': { users: [] },
      '/responses': { responses: [] },
    };
    const answer = answers[path];
    return answer ? jsonResponse(answer) : jsonResponse({ error: { message: path } }, 404);
  });
}

function listRequests(requests: MissiveRequest[]) {
  return requests.filter((request) => request.path === '/conversations');
}

/** The list parameters of a request, without paging. */
function filterOf(request: MissiveRequest | undefined) {
  const entries = [...(request?.query.entries() ?? [])];
  return Object.fromEntries(entries.filter(([name]) => name !== 'limit' && name !== 'until'));
}

/** What Missive requires of every list request. */
function expectOneMailboxAtMostOneContact(request: MissiveRequest) {
  const mailboxes = [...booleanMailboxes, ...idMailboxes].filter((name) => request.query.has(name));
  const contacts = contactFilters.filter((name) => request.query.has(name));
  expect(mailboxes).toHaveLength(1);
  expect(contacts.length).toBeLessThanOrEqual(1);
}

/**
 * The rows' titles, in order. Read from the links' text rather than by
 * role: computing roles and names over a hundred rows is slow in jsdom.
 */
async function rowNames() {
  const list = await screen.findByRole('list', { name: 'Conversations' });
  return Array.from(list.querySelectorAll('li a'), (link) => link.textContent);
}

const user = userEvent.setup();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ConversationsRoute', () => {
  it('shows the inbox by default, 50 at a time, with each row’s details', async () => {
    const conversations = [
      makeConversation({
        id: 'c1',
        subject: null,
        latest_message_subject: 'Re: Refund for order 1042',
        last_activity_at: NOW,
        authors: [
          { name: 'Ada Lovelace', address: 'ada@example.com' },
          { name: 'Ada Lovelace', address: 'ada@example.com' },
          { name: 'Grace Hopper', address: 'grace@example.com' },
        ],
        shared_labels: [{ id: 'l-refunds', name: 'Refunds' }],
        assignees: [
          {
            id: 'u1',
            name: 'Bob Stone',
            email: 'bob@acme.test',
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
      }),
      makeConversation({
        id: 'c2',
        authors: [{ name: null, phone_number: '+1 555 0100' }],
        last_activity_at: NOW - 60,
      }),
    ];
    const { requests } = stubDashboard(conversations);
    renderPage(<ConversationsRoute />, '/conversations');

    expect(screen.getByRole('heading', { level: 1, name: 'Conversations' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Inbox' })).toBeChecked();
    expect(await rowNames()).toEqual(['Re: Refund for order 1042', '+1 555 0100']);
    const [first] = within(screen.getByRole('list', { name: 'Conversations' })).getAllByRole(
      'listitem',
    );
    expect(first).toHaveTextContent('Ada Lovelace, Grace Hopper');
    expect(first).toHaveTextContent('Labels: Refunds');
    expect(first).toHaveTextContent('Assigned to Bob Stone');
    expect(within(first ?? document.body).getByText(/Last activity/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('2 conversations');
    expect(listRequests(requests).map((request) => request.query.toString())).toEqual([
      'inbox=true&limit=50',
    ]);
  });

  it('shows the filters a URL names, as after a reload, and asks Missive exactly that', async () => {
    const { requests } = stubDashboard();
    renderPage(
      <ConversationsRoute />,
      '/conversations?mailbox=team_closed&team=team-b&email=ada@example.com',
    );

    expect(screen.getByRole('radio', { name: 'Team closed' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Inbox' })).not.toBeChecked();
    const team = screen.getByRole('combobox', { name: 'Team' });
    await waitFor(() => {
      expect(within(team).getByRole('option', { name: 'Billing' })).toHaveProperty(
        'selected',
        true,
      );
    });
    expect(screen.getByRole('combobox', { name: 'Filter by' })).toHaveValue('email');
    expect(screen.getByRole('textbox', { name: 'Email address' })).toHaveValue('ada@example.com');
    expect(screen.getByText(/Only conversations with email/)).toHaveTextContent(
      'Only conversations with email ada@example.com',
    );
    await rowNames();
    expect(listRequests(requests).map(filterOf)).toEqual([
      { team_closed: 'team-b', email: 'ada@example.com' },
    ]);
  });

  it('writes each mailbox choice to the URL and never asks for two mailboxes', async () => {
    const { requests } = stubDashboard();
    const { search } = renderPage(<ConversationsRoute />, '/conversations?label=stale');
    await rowNames();

    await user.click(screen.getByRole('radio', { name: 'Starred' }));
    expect(search()).toEqual({ mailbox: 'flagged' });
    expect(screen.getByRole('radio', { name: 'Inbox' })).not.toBeChecked();
    await waitFor(() => {
      expect(filterOf(listRequests(requests).at(-1))).toEqual({ flagged: 'true' });
    });

    // A team view waits for the team rather than asking Missive something incomplete.
    const before = listRequests(requests).length;
    await user.click(screen.getByRole('radio', { name: 'Team inbox' }));
    expect(search()).toEqual({ mailbox: 'team_inbox' });
    expect(screen.getByText('Choose a team to see its conversations.')).toBeInTheDocument();
    const team = screen.getByRole('combobox', { name: 'Team' });
    await within(team).findByRole('option', { name: 'Support' });
    await user.selectOptions(team, 'Support');
    expect(search()).toEqual({ mailbox: 'team_inbox', team: 'team-a' });
    await user.click(screen.getByRole('radio', { name: 'Team all' }));
    expect(search()).toEqual({ mailbox: 'team_all', team: 'team-a' });

    await user.click(screen.getByRole('radio', { name: 'Shared label' }));
    const label = screen.getByRole('combobox', { name: 'Label' });
    await within(label).findByRole('option', { name: 'Billing › Refunds' });
    await user.selectOptions(label, 'Billing › Refunds');
    expect(search()).toEqual({ mailbox: 'shared_label', label: 'l-refunds' });
    await waitFor(() => {
      expect(filterOf(listRequests(requests).at(-1))).toEqual({ shared_label: 'l-refunds' });
    });

    const asked = listRequests(requests);
    expect(asked.slice(before).map(filterOf)).toEqual([
      { team_inbox: 'team-a' },
      { team_all: 'team-a' },
      { shared_label: 'l-refunds' },
    ]);
    for (const request of asked) expectOneMailboxAtMostOneContact(request);
  });

  it('applies one contact filter at a time, each replacing the last', async () => {
    const { requests } = stubDashboard();
    const { search } = renderPage(
      <ConversationsRoute />,
      '/conversations?mailbox=all&email=ada@example.com',
    );
    await rowNames();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by' }), 'Domain');
    // The address typed for the last filter stays, to edit into a domain.
    const domain = screen.getByRole('textbox', { name: 'Domain name' });
    expect(domain).toHaveValue('ada@example.com');
    await user.clear(domain);
    await user.type(domain, 'not a domain');
    await user.click(screen.getByRole('button', { name: 'Apply contact filter' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a domain such as example.com');
    expect(domain).toHaveValue('not a domain');
    expect(domain).toHaveAttribute('aria-invalid', 'true');
    expect(search()).toEqual({ mailbox: 'all', email: 'ada@example.com' });

    await user.clear(domain);
    await user.type(domain, '@Example.org{Enter}');
    expect(search()).toEqual({ mailbox: 'all', domain: 'example.org' });
    expect(domain).toHaveFocus();
    await waitFor(() => {
      expect(filterOf(listRequests(requests).at(-1))).toEqual({
        all: 'true',
        domain: 'example.org',
      });
    });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Filter by' }), 'Organization');
    const organization = screen.getByRole('combobox', { name: 'Contact organization' });
    await within(organization).findByRole('option', { name: 'Globex' });
    await user.selectOptions(organization, 'Globex');
    await user.click(screen.getByRole('button', { name: 'Apply contact filter' }));
    expect(search()).toEqual({ mailbox: 'all', contact_organization: 'group-globex' });
    expect(await screen.findByText(/Only conversations with organization/)).toHaveTextContent(
      'Only conversations with organization Globex',
    );

    await user.click(screen.getByRole('button', { name: 'Remove contact filter' }));
    expect(search()).toEqual({ mailbox: 'all' });
    expect(screen.getByRole('combobox', { name: 'Filter by' })).toHaveFocus();
    await waitFor(() => {
      expect(filterOf(listRequests(requests).at(-1))).toEqual({ all: 'true' });
    });
    for (const request of listRequests(requests)) expectOneMailboxAtMostOneContact(request);
  });

  it('pages on until = the oldest activity of the last page, without repeating a row', async () => {
    const conversations = mailbox(120);
    const { requests } = stubDashboard(conversations);
    renderPage(<ConversationsRoute />, '/conversations');

    expect(await rowNames()).toHaveLength(50);
    expect(screen.getByRole('status')).toHaveTextContent('50 conversations so far');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    // Missive's until is inclusive here: the page repeats conversation 50, shown once.
    await waitFor(async () => {
      expect(await rowNames()).toHaveLength(99);
    });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(async () => {
      expect(await rowNames()).toHaveLength(120);
    });

    const names = await rowNames();
    expect(new Set(names).size).toBe(120);
    expect(names.at(-1)).toBe('Conversation 120');
    expect(listRequests(requests).map((request) => request.query.get('until'))).toEqual([
      null,
      String(conversations[49]?.last_activity_at),
      String(conversations[98]?.last_activity_at),
    ]);
    // A short page is the last: no more button, and the count says it is complete.
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('120 conversations');
  });

  it('loads the next page when the end of the list scrolls into view', async () => {
    const observed: { callback: IntersectionObserverCallback; element: Element }[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private readonly callback: IntersectionObserverCallback) {}
        observe(element: Element) {
          observed.push({ callback: this.callback, element });
        }
        disconnect() {
          // Nothing to release in the stand-in.
        }
      },
    );
    const { requests } = stubDashboard(mailbox(70));
    renderPage(<ConversationsRoute />, '/conversations');
    expect(await rowNames()).toHaveLength(50);

    const sentinel = observed.at(-1);
    if (!sentinel) throw new Error('nothing was observed');
    act(() => {
      sentinel.callback(
        [{ isIntersecting: true, target: sentinel.element } as IntersectionObserverEntry],
        {} as IntersectionObserver,
      );
    });
    await waitFor(async () => {
      expect(await rowNames()).toHaveLength(70);
    });
    expect(listRequests(requests)).toHaveLength(2);
  });

  it('opens a conversation beside the list with the sidebar’s full context', async () => {
    stubDashboard(mailbox(3));
    const { search } = renderPage(<ConversationsRoute />, '/conversations?mailbox=closed');
    await rowNames();

    await user.click(screen.getByRole('link', { name: 'Conversation 2' }));
    expect(search()).toEqual({ mailbox: 'closed', open: 'c2' });
    const details = screen.getByRole('region', { name: 'Conversation details' });
    expect(details).toHaveFocus();
    expect(
      await within(details).findByRole('heading', { name: 'Conversation 2' }),
    ).toBeInTheDocument();
    // The sidebar's composition: labels, contacts, reply, tasks, note, timeline.
    expect(await within(details).findByRole('region', { name: 'Labels' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Conversation 2' })).toHaveAttribute(
      'aria-current',
      'true',
    );

    await user.click(within(details).getByRole('link', { name: 'Close details' }));
    expect(search()).toEqual({ mailbox: 'closed' });
    expect(screen.queryByRole('region', { name: 'Conversation details' })).not.toBeInTheDocument();
  });

  it('shows a conversation named in the URL, as after a reload', async () => {
    stubDashboard(mailbox(3));
    renderPage(<ConversationsRoute />, '/conversations?open=c3');

    const details = screen.getByRole('region', { name: 'Conversation details' });
    expect(
      await within(details).findByRole('heading', { name: 'Conversation 3' }),
    ).toBeInTheDocument();
    expect(details).not.toHaveFocus();
  });

  it('says why the list failed and asks again on Retry', async () => {
    let refuse = true;
    stubMissive((request) =>
      refuse
        ? jsonResponse({ error: { message: 'Too many requests', code: 'rate_limited' } }, 429)
        : jsonResponse({ conversations: request.path === '/conversations' ? mailbox(1) : [] }),
    );
    renderPage(<ConversationsRoute />, '/conversations');

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many requests');
    refuse = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await rowNames()).toEqual(['Conversation 1']);
  });
});
