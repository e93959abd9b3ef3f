import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostConversation } from '@crm/shared/context';
import { makeContact } from '@/features/contacts/test/fixtures';
import { makeTask } from '@/features/tasks/test/fixtures';
import { createNoneHost } from '@/host/none-host';
import { answerDirectory } from '@/test/directory-fixtures';
import { jsonResponse } from '@/test/http';
import { makeContext, makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { ConversationView } from './conversation-view';

const conversation = makeConversation({
  id: 'c1',
  subject: 'Refund for order 1042',
  organization: { id: 'org-1', name: 'Acme' },
  drafts_count: 0,
});
const older = makeConversation({ id: 'c0', subject: 'Where is my parcel?', last_activity_at: 1 });
const grace = makeContact({
  id: 'contact-grace',
  first_name: 'Grace',
  last_name: 'Hopper',
  infos: [{ kind: 'email', label: 'work', value: 'grace@navy.example' }],
});
const context = makeContext(conversation, {
  channel: 'email',
  participants: [
    {
      name: 'Grace Hopper',
      email: 'grace@navy.example',
      phone: null,
      contacts: [grace],
      other_conversations: [older],
    },
  ],
  tasks: [makeTask({ id: 't1', title: 'Refund the shipping', conversation: 'c1' })],
});

/** The gateway: the context, the directory reads, the timeline; anything else is a test failure. */
function stubGateway(
  answerContext: (request: MissiveRequest) => Response = () => jsonResponse(context),
) {
  return stubMissive((request: MissiveRequest) => {
    if (request.path === '/api/context/c1') return answerContext(request);
    const directory = answerDirectory(request);
    if (directory) return directory;
    const lists: Record<string, unknown> = {
      '/contact_books': { contact_books: [] },
      '/shared_labels': { shared_labels: [] },
      '/responses': { responses: [] },
      '/conversations/c1/messages': { messages: [] },
      '/conversations/c1/comments': { comments: [] },
      '/conversations/c1/posts': { posts: [] },
    };
    const answer = lists[request.path];
    return answer
      ? jsonResponse(answer)
      : jsonResponse({ error: { message: `unexpected ${request.path}` } }, 500);
  });
}

/** Requests that read something of this one conversation from Missive. */
const perConversation = (requests: MissiveRequest[]) =>
  requests.filter(
    (request) => request.path.startsWith('/conversations') || request.path.startsWith('/contacts'),
  );

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ConversationView', () => {
  it('shows the whole card from one context answer, reading nothing of the conversation from Missive', async () => {
    const { requests } = stubGateway();
    renderWithProviders(<ConversationView conversationId="c1" />);

    expect(
      await screen.findByRole('heading', { name: 'Refund for order 1042' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Email')).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Contact: Grace Hopper' })).toBeInTheDocument();
    const others = screen.getByRole('region', { name: 'Other conversations with Grace Hopper' });
    expect(within(others).getByRole('button', { name: /Where is my parcel\?/ })).toBeVisible();
    expect(screen.getByText('Refund the shipping')).toBeInTheDocument();
    expect(await screen.findByText('No drafts.')).toBeInTheDocument();

    const contexts = requests.filter((request) => request.path === '/api/context/c1');
    expect(contexts).toHaveLength(1);
    // The none host knows nothing of the conversation: the gateway answers alone.
    expect(contexts[0]).toMatchObject({ method: 'GET' });
    expect(perConversation(requests)).toEqual([]);
  });

  it("shows the mirror's answer at once, then adds who the host window knows the latest message went to", async () => {
    // The mirror knows the conversation but not its latest message's recipients.
    const fromMirror = { ...context, participants: [] };
    const { requests } = stubGateway((request) =>
      jsonResponse(request.method === 'GET' ? fromMirror : context),
    );
    const known: HostConversation = {
      id: 'c1',
      subject: 'Refund for order 1042',
      latest_message: { to_fields: [{ address: 'grace@navy.example', name: 'Grace Hopper' }] },
    };
    let answerHost: (conversations: HostConversation[]) => void = () => undefined;
    const host = {
      ...createNoneHost(['c1']),
      fetchConversations: vi.fn(
        () =>
          new Promise<HostConversation[]>((resolve) => {
            answerHost = resolve;
          }),
      ),
    };
    renderWithProviders(<ConversationView conversationId="c1" />, { host });

    // The window has not answered yet: the sidebar does not wait for it.
    await screen.findByRole('heading', { name: 'Refund for order 1042' });
    expect(host.fetchConversations).toHaveBeenCalledWith(['c1']);
    expect(screen.queryByRole('article', { name: 'Contact: Grace Hopper' })).toBeNull();

    answerHost([known]);
    expect(
      await screen.findByRole('article', { name: 'Contact: Grace Hopper' }),
    ).toBeInTheDocument();
    const contexts = requests.filter((request) => request.path === '/api/context/c1');
    expect(contexts.map(({ method, body }) => ({ method, body }))).toEqual([
      { method: 'GET', body: undefined },
      { method: 'POST', body: { host: known } },
    ]);
  });

  it('asks the gateway once when the window knows no latest message', async () => {
    const { requests } = stubGateway();
    const host = {
      ...createNoneHost(['c1']),
      fetchConversations: vi.fn(() => Promise.resolve([{ id: 'c1', latest_message: null }])),
    };
    renderWithProviders(<ConversationView conversationId="c1" />, { host });
    await screen.findByRole('article', { name: 'Contact: Grace Hopper' });
    await waitFor(() => {
      expect(host.fetchConversations).toHaveBeenCalled();
    });
    expect(requests.filter((request) => request.path === '/api/context/c1')).toHaveLength(1);
  });

  it('reads the timeline only when the agent opens it', async () => {
    const { requests } = stubGateway();
    renderWithProviders(<ConversationView conversationId="c1" />);
    await screen.findByRole('heading', { name: 'Refund for order 1042' });
    expect(perConversation(requests)).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Show the timeline' }));
    expect(await screen.findByText('No messages, comments or posts yet.')).toBeInTheDocument();
    await waitFor(() => {
      expect(perConversation(requests).map((request) => request.path)).toContain(
        '/conversations/c1/messages',
      );
    });
  });

  it('says when the conversation cannot be read, and tries again', async () => {
    let fail = true;
    stubGateway(() => {
      if (!fail) return jsonResponse(context);
      fail = false;
      return jsonResponse({ error: { code: 'upstream_error', message: 'Missive is down' } }, 502);
    });
    renderWithProviders(<ConversationView conversationId="c1" />);
    await userEvent.click(await screen.findByRole('button', { name: /try again|retry/i }));
    expect(
      await screen.findByRole('heading', { name: 'Refund for order 1042' }),
    ).toBeInTheDocument();
  });
});
