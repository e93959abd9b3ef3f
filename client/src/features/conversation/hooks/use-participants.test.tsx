import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Author } from '@crm/shared/missive/conversations';
import type { Message } from '@crm/shared/missive/messages';
import type { User } from '@crm/shared/missive/people';
import { makeMessage, makeUser } from '../../../test/conversation-fixtures';
import { jsonResponse } from '../../../test/http';
import { makeConversation } from '../../../test/missive-fixtures';
import { stubMissive } from '../../../test/missive-stub';
import { useParticipants } from './use-participants';

const users = [
  makeUser({ id: 'user-grace', email: 'Grace@brightwell.io', me: true }),
  // A colleague on a public provider: that must not hide every gmail.com customer.
  makeUser({ id: 'user-linus', email: 'linus@gmail.com' }),
];

function stubConversation({
  authors,
  messages,
  usersAnswer = jsonResponse({ users }),
}: {
  authors: Author[];
  messages: Message[];
  usersAnswer?: Response | (() => Response);
}) {
  return stubMissive(({ path }) => {
    if (path === '/conversations/conversation-1') {
      return jsonResponse({ conversations: [makeConversation({ id: 'conversation-1', authors })] });
    }
    if (path === '/conversations/conversation-1/messages') return jsonResponse({ messages });
    if (path === '/users') return typeof usersAnswer === 'function' ? usersAnswer() : usersAnswer;
    return jsonResponse({ error: { message: `unexpected ${path}` } }, 500);
  });
}

function renderParticipants() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  return renderHook(() => useParticipants('conversation-1'), { wrapper });
}

describe('useParticipants', () => {
  it('lists the external people once each, without agents or the team alias', async () => {
    const { requests } = stubConversation({
      authors: [
        { name: 'Ada Lovelace', address: 'ADA@example.com' },
        { name: 'Brightwell Support', address: 'support@brightwell.io' },
      ],
      messages: [
        makeMessage({
          id: 'm2',
          delivered_at: 1_700_000_200,
          from_field: { name: 'Grace Hopper', address: 'grace@brightwell.io' },
          to_fields: [{ name: null, address: 'ada@example.com' }],
          cc_fields: [
            { name: 'Charles Babbage', address: 'charles@analytical.co' },
            { name: 'Linus', address: 'linus@gmail.com' },
          ],
        }),
        makeMessage({
          id: 'm1',
          delivered_at: 1_700_000_100,
          from_field: { name: 'Ada Lovelace', address: 'ada@example.com' },
          to_fields: [{ name: 'Brightwell Support', address: 'support@brightwell.io' }],
          cc_fields: [{ name: 'Alan Turing', address: 'alan@gmail.com' }],
        }),
      ],
    });
    const { result } = renderParticipants();

    expect(result.current.isPending).toBe(true);
    await waitFor(() => {
      expect(result.current.isPending).toBe(false);
    });
    expect(result.current.error).toBeNull();
    expect(result.current.participants).toEqual([
      { name: 'Ada Lovelace', email: 'ADA@example.com', phone: null },
      { name: 'Charles Babbage', email: 'charles@analytical.co', phone: null },
      { name: 'Alan Turing', email: 'alan@gmail.com', phone: null },
    ]);
    const messagePages = requests.filter(
      (r) => r.path === '/conversations/conversation-1/messages',
    );
    expect(messagePages).toHaveLength(1);
  });

  it('knows SMS and WhatsApp participants by number, merging what each mention adds', async () => {
    stubConversation({
      authors: [{ name: null, phone_number: '+15145550123' }],
      messages: [
        makeMessage({
          id: 'm1',
          delivered_at: 1_700_000_100,
          type: 'sms',
          from_field: { name: 'Marie Curie', phone_number: '+1 514 555 0123' },
          to_fields: [{ phone_number: '+15145550199' }],
          cc_fields: [],
        }),
        makeMessage({
          id: 'm0',
          delivered_at: 1_700_000_000,
          type: 'custom',
          from_field: { id: 'visitor-7', username: 'visitor' },
          to_fields: [],
          cc_fields: [],
        }),
      ],
    });
    const { result } = renderParticipants();

    await waitFor(() => {
      expect(result.current.isPending).toBe(false);
    });
    expect(result.current.participants).toEqual([
      { name: 'Marie Curie', email: null, phone: '+15145550123' },
      { name: null, email: null, phone: '+15145550199' },
    ]);
  });

  it('reports a failure rather than showing agents as participants, and retries', async () => {
    let usersUp = false;
    stubConversation({
      authors: [{ name: 'Ada Lovelace', address: 'ada@example.com' }],
      messages: [],
      usersAnswer: () =>
        usersUp
          ? jsonResponse({ users: users satisfies User[] })
          : jsonResponse({ error: { message: 'Missive is down', code: 'upstream_error' } }, 502),
    });
    const { result } = renderParticipants();

    await waitFor(() => {
      expect(result.current.error?.message).toBe('Missive is down');
    });
    expect(result.current.isPending).toBe(false);
    expect(result.current.participants).toEqual([]);

    usersUp = true;
    act(() => {
      result.current.retry();
    });
    await waitFor(() => {
      expect(result.current.participants).toEqual([
        { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
      ]);
    });
    expect(result.current.error).toBeNull();
  });
});
