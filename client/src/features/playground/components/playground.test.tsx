import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Conversation } from '@crm/shared/missive/conversations';
import {
  PLAYGROUND_CHANNEL,
  playgroundMessageSchema,
  type SidebarMessage,
} from '@/host/playground-protocol';
import { HOST_SESSION_KEY, parseSession, useSessionStore } from '@/stores/session';
import { signInAs } from '@/test/session';
import { answerTimePage, makeMessage, makePost } from '@/test/conversation-fixtures';
import { jsonResponse } from '@/test/http';
import { makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { createOtherWindow, receiveMessage, recordPostMessages } from '@/test/post-message';
import { renderApp } from '@/test/render-app';

const NOW = Math.floor(Date.now() / 1000);

const inbox = [
  makeConversation({ id: 'c1', subject: 'Refund for order 1042', last_activity_at: NOW - 60 }),
  makeConversation({
    id: 'c2',
    latest_message_subject: 'Re: Shipping to Lisbon',
    last_activity_at: NOW - 120,
  }),
  makeConversation({
    id: 'c3',
    authors: [{ name: 'Marie Curie', phone_number: '+15145550123' }],
    last_activity_at: NOW - 180,
  }),
  makeConversation({
    id: 'c4',
    subject: 'Invoice copy',
    last_activity_at: NOW - 240,
    shared_labels: [{ id: 'l-vip', name: 'VIP' }],
  }),
];
const closed = [makeConversation({ id: 'c9', subject: 'Closed long ago', last_activity_at: 1 })];

const messagesOf: Record<string, ReturnType<typeof makeMessage>[]> = {
  c1: [
    makeMessage({
      id: 'm1',
      delivered_at: NOW - 600,
      body: '<p>Hello,</p><p>I want a <b>refund</b>.</p><script>window.__ran = true</script>',
    }),
    makeMessage({
      id: 'm2',
      delivered_at: NOW - 60,
      from_field: { name: 'Brightwell Support', address: 'support@brightwell.io' },
      body: '<div>On its way.</div>',
    }),
  ],
};

/** Answers the gateway's Missive routes from the fixtures above. */
function answer(request: MissiveRequest): Response {
  const { method, path, query } = request;
  if (method === 'GET' && path === '/conversations') {
    const items = query.get('closed') === 'true' ? closed : inbox;
    const time = (conversation: Conversation) => conversation.last_activity_at ?? 0;
    return jsonResponse({ conversations: answerTimePage(items, time, query) });
  }
  // As Missive does: the list carries previews, GET /messages/:ids the bodies.
  const messages = /^\/conversations\/([^/]+)\/messages$/.exec(path);
  if (messages) {
    const list = messagesOf[messages[1] ?? ''] ?? [];
    return jsonResponse({ messages: list.map(({ body: _body, ...rest }) => rest) });
  }
  const bodies = /^\/messages\/([^/]+)$/.exec(path);
  if (bodies) {
    const ids = (bodies[1] ?? '').split(',');
    const found = Object.values(messagesOf)
      .flat()
      .filter((message) => ids.includes(message.id));
    return jsonResponse({ messages: found.length === 1 ? found[0] : found });
  }
  if (/^\/conversations\/[^/]+\/posts$/.test(path)) return jsonResponse({ posts: [] });
  const one = /^\/conversations\/([^/]+)$/.exec(path);
  if (method === 'GET' && one) {
    const found = [...inbox, ...closed].filter((conversation) => conversation.id === one[1]);
    return jsonResponse({ conversations: found });
  }
  if (method === 'PATCH' && path.startsWith('/conversations/')) {
    return jsonResponse({ conversations: inbox.slice(0, 1) });
  }
  if (method === 'POST' && path === '/posts') {
    return jsonResponse({ posts: makePost({ id: 'p1', conversation: 'c1', created_at: NOW }) });
  }
  return jsonResponse({ error: { message: `unexpected ${method} ${path}` } }, 500);
}

const postedSchema = z.object({
  channel: z.literal(PLAYGROUND_CHANNEL),
  message: playgroundMessageSchema,
});

/** Renders the playground and listens in on what it posts to the sidebar's frame. */
async function renderPlayground(gatewayAnswer = answer) {
  const gateway = stubMissive(gatewayAnswer);
  renderApp('/playground');
  const frame = await screen.findByTitle('Sidebar');
  if (!(frame instanceof HTMLIFrameElement) || !frame.contentWindow) {
    throw new Error('the sidebar is not an iframe with a window');
  }
  const sidebar = frame.contentWindow;
  const posted = recordPostMessages(sidebar);
  const toSidebar = () => posted.messages().map((data) => postedSchema.parse(data).message);
  const selections = () =>
    toSidebar().flatMap((message) => (message.type === 'selection' ? [message.ids] : []));
  const fromSidebar = (message: SidebarMessage) => {
    act(() => {
      receiveMessage({ channel: PLAYGROUND_CHANNEL, message }, { source: sidebar });
    });
  };
  const list = screen.getByRole('listbox', { name: 'Conversations' });
  await within(list).findByRole('option', { name: /Refund for order 1042/ });
  return { frame, sidebar, gateway, list, toSidebar, selections, fromSidebar };
}

const option = (name: RegExp) => screen.getByRole('option', { name });

beforeEach(() => {
  signInAs();
});

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('the playground page', () => {
  it('asks for the access key before showing anything', async () => {
    useSessionStore.getState().clearSession();
    const gateway = stubMissive(answer);
    renderApp('/playground');
    expect(await screen.findByLabelText('Access key')).toBeInTheDocument();
    expect(screen.queryByTitle('Sidebar')).not.toBeInTheDocument();
    expect(gateway.requests).toEqual([]);
  });

  it('lists the inbox by subject, latest subject or SMS author, and frames the sidebar', async () => {
    const { list, gateway, frame } = await renderPlayground();

    expect(list).toHaveAttribute('aria-multiselectable', 'true');
    const titles = within(list)
      .getAllByRole('option')
      .map((row) => row.querySelector('.playground-option-title')?.textContent);
    expect(titles).toEqual([
      'Refund for order 1042',
      'Re: Shipping to Lisbon',
      'Marie Curie',
      'Invoice copy',
    ]);
    expect(
      within(list)
        .getAllByRole('option')
        .map((row) => row.getAttribute('aria-selected')),
    ).toEqual(['false', 'false', 'false', 'false']);
    expect(gateway.requests[0]?.query.toString()).toBe('inbox=true&limit=25');
    // No key or token rides in the frame's address: the sidebar asks the host's store.
    expect(frame.getAttribute('src')).toBe('/sidebar?host=playground');
    expect(screen.getByRole('region', { name: 'Thread' })).toHaveTextContent(
      'No conversation selected',
    );
  });

  it('switches mailbox', async () => {
    const { gateway } = await renderPlayground();
    await userEvent.click(screen.getByRole('radio', { name: 'Closed' }));
    expect(await screen.findByRole('option', { name: /Closed long ago/ })).toBeInTheDocument();
    expect(gateway.requests.at(-1)?.query.toString()).toBe('closed=true&limit=25');
  });

  it('loads older conversations with until = the oldest last activity', async () => {
    const many = Array.from({ length: 30 }, (_, index) =>
      makeConversation({
        id: `n${index}`,
        subject: `Numbered ${index}`,
        last_activity_at: NOW - 1000 - index,
      }),
    );
    inbox.push(...many.slice(4));
    try {
      const { gateway } = await renderPlayground();
      expect(screen.getAllByRole('option')).toHaveLength(25);
      await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
      await waitFor(() => {
        expect(screen.getAllByRole('option')).toHaveLength(30);
      });
      const oldestFirstPage = inbox
        .map((conversation) => conversation.last_activity_at ?? 0)
        .sort((a, b) => b - a)[24];
      expect(gateway.requests.at(-1)?.query.get('until')).toBe(String(oldestFirstPage));
      expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    } finally {
      inbox.splice(4);
    }
  });

  it('selects with click, ctrl-click and shift-click, tells the sidebar, and clears with Escape', async () => {
    const user = userEvent.setup();
    const { selections } = await renderPlayground();

    await user.click(option(/Refund for order 1042/));
    expect(option(/Refund for order 1042/)).toHaveAttribute('aria-selected', 'true');
    expect(selections().at(-1)).toEqual(['c1']);

    await user.keyboard('{Control>}');
    await user.click(option(/Marie Curie/));
    await user.keyboard('{/Control}');
    expect(selections().at(-1)).toEqual(['c1', 'c3']);
    expect(screen.getByRole('region', { name: 'Thread' })).toHaveTextContent(
      '2 conversations selected',
    );

    await user.keyboard('{Shift>}');
    await user.click(option(/Invoice copy/));
    await user.keyboard('{/Shift}');
    expect(selections().at(-1)).toEqual(['c3', 'c4']);

    await user.keyboard('{Escape}');
    expect(selections().at(-1)).toEqual([]);
    expect(screen.getByRole('region', { name: 'Thread' })).toHaveTextContent(
      'No conversation selected',
    );
  });

  it('moves the selection with the arrow keys', async () => {
    const user = userEvent.setup();
    const { list, selections } = await renderPlayground();
    list.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(selections().at(-1)).toEqual(['c2']);
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    expect(selections().at(-1)).toEqual(['c2', 'c3']);
    expect(list).toHaveAttribute('aria-activedescendant', option(/Marie Curie/).id);
  });

  it('shows the thread with bodies as text, never as HTML', async () => {
    const user = userEvent.setup();
    const { gateway } = await renderPlayground();
    await user.click(option(/Refund for order 1042/));

    const thread = screen.getByRole('region', { name: 'Thread' });
    expect(
      await within(thread).findByRole('heading', { name: 'Refund for order 1042' }),
    ).toBeInTheDocument();
    const first = await within(thread).findByRole('article', {
      name: 'Message from Ada Lovelace <ada@example.com>',
    });
    expect(first).toHaveTextContent('I want a refund.');
    expect(first.querySelector('b, script')).toBeNull();
    expect('__ran' in window).toBe(false);
    expect(gateway.requests.map((request) => request.path)).toContain('/messages/m1,m2');
    const bodies = within(thread).getAllByRole('article', { name: /^Message from/ });
    expect(
      bodies.map((body) => body.querySelector('.playground-message-body')?.textContent),
    ).toEqual(['Hello,\n\nI want a refund.', 'On its way.']);
  });

  it('answers a sidebar that says ready with the current selection', async () => {
    const user = userEvent.setup();
    const { fromSidebar, selections } = await renderPlayground();
    await user.click(option(/Re: Shipping/));
    const before = selections().length;

    fromSidebar({ type: 'ready' });
    expect(selections()).toHaveLength(before + 1);
    expect(selections().at(-1)).toEqual(['c2']);
  });

  it('ignores messages from any window but the sidebar frame', async () => {
    const { toSidebar } = await renderPlayground();
    const before = toSidebar().length;
    act(() => {
      const data = { channel: PLAYGROUND_CHANNEL, message: { type: 'ready' } };
      receiveMessage(data, { source: createOtherWindow() });
      receiveMessage(data, { source: window });
    });
    expect(toSidebar()).toHaveLength(before);
  });

  it('keeps the sidebar store for the session', async () => {
    const { fromSidebar, toSidebar } = await renderPlayground();
    fromSidebar({ type: 'storeSet', requestId: 'r1', key: 'crm.settings', value: '{"x":1}' });
    fromSidebar({ type: 'storeGet', requestId: 'r2', key: 'crm.settings' });
    fromSidebar({ type: 'storeGet', requestId: 'r3', key: 'unknown' });
    fromSidebar({ type: 'storeGet', requestId: 'r4', key: HOST_SESSION_KEY });
    const answers = toSidebar().filter((message) => message.type !== 'selection');
    expect(answers.slice(0, 3)).toEqual([
      { type: 'storeSetResult', requestId: 'r1' },
      { type: 'storeGetResult', requestId: 'r2', value: '{"x":1}' },
      { type: 'storeGetResult', requestId: 'r3', value: null },
    ]);
    // The playground's own session, as Missive's store would hold it for the sidebar.
    const session = answers[3];
    expect(session).toMatchObject({ type: 'storeGetResult', requestId: 'r4' });
    expect(
      parseSession(session && 'value' in session ? (session.value ?? null) : null),
    ).toMatchObject({ token: 'test-token', person: { name: 'Test Admin' } });
  });

  it('answers the sidebar’s fetchConversations from the demo’s Missive window, not the token', async () => {
    const { fromSidebar, toSidebar, gateway } = await renderPlayground((request) =>
      request.path === '/api/playground/conversations'
        ? jsonResponse({ conversations: [{ id: 'c1', subject: 'Refund for order 1042' }] })
        : answer(request),
    );
    fromSidebar({ type: 'fetchConversations', requestId: 'f1', ids: ['c1'] });
    await waitFor(() => {
      expect(toSidebar().filter((message) => message.type === 'fetchConversationsResult')).toEqual([
        {
          type: 'fetchConversationsResult',
          requestId: 'f1',
          conversations: [{ id: 'c1', subject: 'Refund for order 1042' }],
        },
      ]);
    });
    expect(gateway.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/playground/conversations',
      body: { ids: ['c1'] },
    });
  });

  it('reads a conversation for fetchConversations as it is selected, so the sidebar’s ask joins that read', async () => {
    const user = userEvent.setup();
    const { fromSidebar, toSidebar, gateway } = await renderPlayground((request) =>
      request.path === '/api/playground/conversations'
        ? jsonResponse({ conversations: [{ id: 'c1', subject: 'Refund for order 1042' }] })
        : answer(request),
    );
    const windowFetches = () =>
      gateway.requests.filter((request) => request.path === '/api/playground/conversations');
    await user.click(option(/Refund for order 1042/));
    // Read on the selection, before the sidebar asks anything.
    await waitFor(() => {
      expect(windowFetches()).toHaveLength(1);
    });
    fromSidebar({ type: 'fetchConversations', requestId: 'f3', ids: ['c1'] });
    await waitFor(() => {
      expect(toSidebar()).toContainEqual({
        type: 'fetchConversationsResult',
        requestId: 'f3',
        conversations: [{ id: 'c1', subject: 'Refund for order 1042' }],
      });
    });
    expect(windowFetches()).toHaveLength(1);
  });

  it('answers fetchConversations with nothing when the demo cannot read them', async () => {
    const { fromSidebar, toSidebar } = await renderPlayground((request) =>
      request.path === '/api/playground/conversations'
        ? jsonResponse({ error: { code: 'not_found', message: 'not in demo mode' } }, 404)
        : answer(request),
    );
    fromSidebar({ type: 'fetchConversations', requestId: 'f2', ids: ['c1'] });
    await waitFor(() => {
      expect(toSidebar()).toContainEqual({
        type: 'fetchConversationsResult',
        requestId: 'f2',
        conversations: [],
      });
    });
  });

  it('opens the conversation the sidebar asks for', async () => {
    const { fromSidebar, selections } = await renderPlayground();
    fromSidebar({ type: 'openConversation', id: 'c4' });
    expect(option(/Invoice copy/)).toHaveAttribute('aria-selected', 'true');
    expect(selections().at(-1)).toEqual(['c4']);
    expect(
      await within(screen.getByRole('region', { name: 'Thread' })).findByRole('heading', {
        name: 'Invoice copy',
      }),
    ).toBeInTheDocument();
  });

  it('fills the composer with replies and insertions', async () => {
    const { fromSidebar } = await renderPlayground();
    const composer = screen.getByRole('region', { name: 'Composer' });
    fromSidebar({
      type: 'action',
      name: 'reply',
      args: [
        {
          subject: 'Re: Refund',
          body: 'Hi Ada,\n',
          to_fields: [{ address: 'ada@example.com', name: 'Ada Lovelace' }],
        },
      ],
    });
    expect(within(composer).getByLabelText('To')).toHaveValue('Ada Lovelace <ada@example.com>');
    expect(within(composer).getByLabelText('Subject')).toHaveValue('Re: Refund');

    fromSidebar({ type: 'action', name: 'insertText', args: ['Your refund is on its way.'] });
    fromSidebar({ type: 'action', name: 'insertHtml', args: ['<p>Best,<br><i>Grace</i></p>'] });
    expect(within(composer).getByLabelText('Message')).toHaveValue(
      'Hi Ada,\nYour refund is on its way.Best,\nGrace',
    );
    expect(within(composer).getByRole('status')).toHaveTextContent('inserted HTML');
  });

  it('adds and removes labels on the selection through the gateway, with its organization', async () => {
    const user = userEvent.setup();
    const { fromSidebar, gateway } = await renderPlayground();
    await user.click(option(/Refund for order 1042/));
    await user.keyboard('{Control>}');
    await user.click(option(/Invoice copy/));
    await user.keyboard('{/Control}');

    fromSidebar({ type: 'action', name: 'addLabels', args: [['l-urgent']] });
    const log = screen.getByRole('log', { name: 'Activity' });
    expect(await within(log).findByText('Added 1 label to 2 conversations.')).toBeInTheDocument();
    fromSidebar({ type: 'action', name: 'removeLabels', args: [['l-vip']] });
    expect(
      await within(log).findByText('Removed 1 label from 2 conversations.'),
    ).toBeInTheDocument();

    expect(gateway.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/conversations/c1,c4',
        body: {
          conversations: [
            { id: 'c1', organization: 'org-1', add_shared_labels: ['l-urgent'] },
            { id: 'c4', organization: 'org-1', add_shared_labels: ['l-urgent'] },
          ],
        },
      }),
      expect.objectContaining({
        method: 'PATCH',
        body: {
          conversations: [
            { id: 'c1', organization: 'org-1', remove_shared_labels: ['l-vip'] },
            { id: 'c4', organization: 'org-1', remove_shared_labels: ['l-vip'] },
          ],
        },
      }),
    ]);
  });

  it('posts a comment without reopening, and says when nothing is selected', async () => {
    const user = userEvent.setup();
    const { fromSidebar, gateway } = await renderPlayground();
    const log = screen.getByRole('log', { name: 'Activity' });

    fromSidebar({ type: 'action', name: 'comment', args: ['Called the customer back'] });
    expect(within(log).getByText(/no conversation is selected/)).toBeInTheDocument();

    await user.click(option(/Refund for order 1042/));
    fromSidebar({ type: 'action', name: 'comment', args: ['Called the customer back'] });
    expect(
      await within(log).findByText('Commented on “Refund for order 1042”.'),
    ).toBeInTheDocument();
    expect(gateway.writes()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/posts',
        body: {
          posts: {
            conversation: 'c1',
            text: 'Called the customer back',
            notification: { title: 'New comment', body: 'Called the customer back' },
            reopen: false,
          },
        },
      }),
    ]);
  });

  it('shows a precise error when a label change fails', async () => {
    const user = userEvent.setup();
    const { fromSidebar, gateway } = await renderPlayground((request) =>
      request.method === 'PATCH'
        ? jsonResponse({ error: { message: 'Too many requests', code: 'rate_limited' } }, 429)
        : answer(request),
    );
    await user.click(option(/Refund for order 1042/));
    fromSidebar({ type: 'action', name: 'addLabels', args: [['l1']] });
    const log = screen.getByRole('log', { name: 'Activity' });
    expect(
      await within(log).findByText(/Adding 1 label failed\. Rate-limited: Too many requests/),
    ).toBeInTheDocument();
    expect(gateway.writes()).toHaveLength(1);
  });
});
