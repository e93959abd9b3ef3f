import { describe, expect, it, vi } from 'vitest';
import { createOtherWindow, recordPostMessages } from '@/test/post-message';
import type { HostActions } from './host';
import {
  performAction,
  PLAYGROUND_CHANNEL,
  postToPlayground,
  readPlaygroundMessage,
  readSidebarMessage,
} from './playground-protocol';

function messageEvent(
  data: unknown,
  { source, origin = window.location.origin }: { source: Window | null; origin?: string },
) {
  return new MessageEvent('message', { data, origin, source });
}

const envelope = (message: unknown) => ({ channel: PLAYGROUND_CHANNEL, message });

describe('reading playground messages', () => {
  it('accepts a well-formed message from the expected window and origin', () => {
    const parent = createOtherWindow();
    const event = messageEvent(envelope({ type: 'selection', ids: ['c1', 'c2'] }), {
      source: parent,
    });
    expect(readPlaygroundMessage(event, parent)).toEqual({ type: 'selection', ids: ['c1', 'c2'] });
  });

  it('ignores a message from another origin, even from the expected window', () => {
    const parent = createOtherWindow();
    const event = messageEvent(envelope({ type: 'selection', ids: ['c1'] }), {
      source: parent,
      origin: 'https://evil.example',
    });
    expect(readPlaygroundMessage(event, parent)).toBeNull();
  });

  it('ignores a message from another window of the same origin', () => {
    const parent = createOtherWindow();
    const stranger = createOtherWindow();
    const data = envelope({ type: 'selection', ids: ['c1'] });
    expect(readPlaygroundMessage(messageEvent(data, { source: stranger }), parent)).toBeNull();
    expect(readPlaygroundMessage(messageEvent(data, { source: null }), parent)).toBeNull();
  });

  it.each([
    ['no envelope', { type: 'selection', ids: ['c1'] }],
    ['another channel', { channel: 'devtools', message: { type: 'selection', ids: [] } }],
    ['an unknown type', envelope({ type: 'explode' })],
    ['ids that are not strings', envelope({ type: 'selection', ids: [1, 2] })],
    ['a reply without request id', envelope({ type: 'storeGetResult', value: 'x' })],
    ['a string', 'selection'],
    ['null', null],
  ])('ignores a malformed message: %s', (_label, data) => {
    const parent = createOtherWindow();
    expect(readPlaygroundMessage(messageEvent(data, { source: parent }), parent)).toBeNull();
  });
});

describe('reading sidebar messages', () => {
  it('accepts each kind of sidebar message from the frame', () => {
    const frame = createOtherWindow();
    const messages = [
      { type: 'ready' },
      { type: 'storeGet', requestId: 'r1', key: 'k' },
      { type: 'storeSet', requestId: 'r2', key: 'k', value: 'v' },
      { type: 'openConversation', id: 'c9' },
      {
        type: 'action',
        name: 'reply',
        args: [{ subject: 'Hi', to_fields: [{ address: 'a@b.c' }] }],
      },
      { type: 'action', name: 'addLabels', args: [['l1']] },
    ];
    for (const message of messages) {
      expect(readSidebarMessage(messageEvent(envelope(message), { source: frame }), frame)).toEqual(
        message,
      );
    }
  });

  it('ignores an action whose arguments do not fit its name', () => {
    const frame = createOtherWindow();
    const data = envelope({ type: 'action', name: 'addLabels', args: ['l1'] });
    expect(readSidebarMessage(messageEvent(data, { source: frame }), frame)).toBeNull();
  });

  it('ignores everything while the frame has no window', () => {
    const frame = createOtherWindow();
    const data = envelope({ type: 'ready' });
    expect(readSidebarMessage(messageEvent(data, { source: frame }), null)).toBeNull();
  });
});

describe('posting and performing', () => {
  it('posts in the envelope and only to this origin', () => {
    const parent = createOtherWindow();
    const posted = recordPostMessages(parent);
    postToPlayground(parent, { type: 'ready' });
    expect(posted.messages()).toEqual([envelope({ type: 'ready' })]);
    expect(posted.targetOrigins()).toEqual([window.location.origin]);
  });

  it('performs an action with the host action of the same name', () => {
    const actions: HostActions = {
      insertText: vi.fn(),
      insertHtml: vi.fn(),
      reply: vi.fn(),
      addLabels: vi.fn(),
      removeLabels: vi.fn(),
      comment: vi.fn(),
    };
    performAction(actions, { type: 'action', name: 'removeLabels', args: [['l1', 'l2']] });
    performAction(actions, { type: 'action', name: 'comment', args: ['Looks good'] });
    expect(actions.removeLabels).toHaveBeenCalledWith(['l1', 'l2']);
    expect(actions.comment).toHaveBeenCalledWith('Looks good');
    expect(actions.insertText).not.toHaveBeenCalled();
  });
});
