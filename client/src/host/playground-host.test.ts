import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createOtherWindow, receiveMessage, recordPostMessages } from '@/test/post-message';
import { createPlaygroundHost } from './playground-host';
import {
  PLAYGROUND_CHANNEL,
  sidebarMessageSchema,
  type PlaygroundMessage,
} from './playground-protocol';

const postedSchema = z.object({
  channel: z.literal(PLAYGROUND_CHANNEL),
  message: sidebarMessageSchema,
});

const disposers: (() => void)[] = [];

afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
  vi.useRealTimers();
});

/** A playground host talking to a fake parent that records what it is sent. */
function setUp(options: { replyTimeoutMs?: number } = {}) {
  const parent = createOtherWindow();
  const posted = recordPostMessages(parent);
  const host = createPlaygroundHost({ parent, ...options });
  disposers.push(host.dispose);
  const fromParent = (message: PlaygroundMessage) => {
    receiveMessage({ channel: PLAYGROUND_CHANNEL, message }, { source: parent });
  };
  const sent = () => posted.messages().map((data) => postedSchema.parse(data).message);
  return { parent, host, fromParent, sent };
}

describe('the playground host', () => {
  it('says ready on start, to the parent only', () => {
    const { sent } = setUp();
    expect(sent()).toEqual([{ type: 'ready' }]);
  });

  it('gives each listener the current selection at once, then every change', () => {
    const { host, fromParent } = setUp();
    const early = vi.fn();
    host.onSelection(early);
    expect(early).not.toHaveBeenCalled();

    fromParent({ type: 'selection', ids: ['c1'] });
    expect(early).toHaveBeenLastCalledWith(['c1']);

    const late = vi.fn();
    const unsubscribe = host.onSelection(late);
    expect(late).toHaveBeenCalledWith(['c1']);

    unsubscribe();
    fromParent({ type: 'selection', ids: ['c1', 'c2'] });
    expect(early).toHaveBeenLastCalledWith(['c1', 'c2']);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('ignores a selection posted by another window or origin', () => {
    const { host, parent } = setUp();
    const listener = vi.fn();
    host.onSelection(listener);
    const data = { channel: PLAYGROUND_CHANNEL, message: { type: 'selection', ids: ['x'] } };
    receiveMessage(data, { source: createOtherWindow() });
    receiveMessage(data, { source: parent, origin: 'https://evil.example' });
    receiveMessage(
      { channel: PLAYGROUND_CHANNEL, message: { type: 'selection' } },
      { source: parent },
    );
    expect(listener).not.toHaveBeenCalled();
  });

  it('round-trips storeSet and storeGet through the parent', async () => {
    const { host, fromParent, sent } = setUp();
    const stored = new Map<string, string>();
    // The fake parent answers each request as the playground page does.
    const answer = () => {
      const message = sent().at(-1);
      if (message?.type === 'storeSet') {
        stored.set(message.key, message.value);
        fromParent({ type: 'storeSetResult', requestId: message.requestId });
      } else if (message?.type === 'storeGet') {
        const value = stored.get(message.key) ?? null;
        fromParent({ type: 'storeGetResult', requestId: message.requestId, value });
      }
    };

    const write = host.storeSet('crm.key', 'secret');
    answer();
    await write;
    const read = host.storeGet('crm.key');
    answer();
    await expect(read).resolves.toBe('secret');
    expect(sent()).toContainEqual({
      type: 'storeSet',
      requestId: expect.any(String) as string,
      key: 'crm.key',
      value: 'secret',
    });
  });

  it('answers each request with its own reply, whatever the order', async () => {
    const { host, fromParent, sent } = setUp();
    const first = host.storeGet('a');
    const second = host.storeGet('b');
    const ids = sent().flatMap((message) => ('requestId' in message ? [message.requestId] : []));
    expect(ids).toHaveLength(2);
    fromParent({ type: 'storeGetResult', requestId: ids[1] ?? '', value: 'B' });
    fromParent({ type: 'storeGetResult', requestId: ids[0] ?? '', value: null });
    await expect(first).resolves.toBeNull();
    await expect(second).resolves.toBe('B');
  });

  it('fails a store request the parent never answers', async () => {
    vi.useFakeTimers();
    const { host } = setUp({ replyTimeoutMs: 1_000 });
    const read = host.storeGet('a');
    const outcome = expect(read).rejects.toThrow(/did not answer in time/);
    await vi.advanceTimersByTimeAsync(1_000);
    await outcome;
  });

  it('asks the playground for conversations and keeps only well-formed ones', async () => {
    const { host, fromParent, sent } = setUp();
    const read = host.fetchConversations(['c1', 'c2']);
    const request = sent().at(-1);
    expect(request).toEqual({
      type: 'fetchConversations',
      requestId: expect.any(String) as string,
      ids: ['c1', 'c2'],
    });
    if (request?.type !== 'fetchConversations') throw new Error('no request was sent');
    fromParent({
      type: 'fetchConversationsResult',
      requestId: request.requestId,
      conversations: [{ id: 'c1', subject: 'Hello' }, { id: 42 }],
    });
    await expect(read).resolves.toEqual([{ id: 'c1', subject: 'Hello' }]);
  });

  it('knows no conversation when the playground does not answer', async () => {
    vi.useFakeTimers();
    const { host } = setUp({ replyTimeoutMs: 1_000 });
    const read = host.fetchConversations(['c1']);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(read).resolves.toEqual([]);
  });

  it('sends composer actions and conversation opening to the parent', () => {
    const { host, sent } = setUp();
    host.actions?.insertText('Hello');
    host.actions?.reply({ subject: 'Re: Order', to_fields: [{ address: 'ada@example.com' }] });
    host.actions?.addLabels(['l1']);
    host.openConversation({ id: 'c7', web_url: 'https://mail.missiveapp.com/#c7' });
    expect(sent().slice(1)).toEqual([
      { type: 'action', name: 'insertText', args: ['Hello'] },
      {
        type: 'action',
        name: 'reply',
        args: [{ subject: 'Re: Order', to_fields: [{ address: 'ada@example.com' }] }],
      },
      { type: 'action', name: 'addLabels', args: [['l1']] },
      { type: 'openConversation', id: 'c7' },
    ]);
  });

  it('stops listening once disposed', () => {
    const { host, fromParent } = setUp();
    const listener = vi.fn();
    host.onSelection(listener);
    host.dispose();
    fromParent({ type: 'selection', ids: ['c1'] });
    expect(listener).not.toHaveBeenCalled();
  });
});
