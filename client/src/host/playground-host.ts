import type { HostActions, MissiveHost } from './host';
import { readHostConversations } from './host-conversations';
import {
  postToPlayground,
  readPlaygroundMessage,
  type PlaygroundMessage,
  type SidebarMessage,
} from './playground-protocol';
import { createSelectionChannel } from './selection-channel';

/**
 * The host inside the playground page's iframe. The playground plays
 * Missive's part: it owns the selection, the per-user store and the
 * composer, and this side speaks to it with postMessage (see
 * playground-protocol.ts). On start the sidebar says `ready` and the
 * playground answers with the current selection, as Missive's
 * `retroactive: true` does.
 */

export interface PlaygroundHostOptions {
  /** The playground's window; the real parent unless a test passes its own. */
  parent?: Window;
  /** How long a request (store, conversations) waits for the playground before failing. */
  replyTimeoutMs?: number;
}

type Reply = Extract<PlaygroundMessage, { requestId: string }>;

export function createPlaygroundHost(
  options: PlaygroundHostOptions = {},
): MissiveHost & { dispose: () => void } {
  const parent = options.parent ?? window.parent;
  const replyTimeoutMs = options.replyTimeoutMs ?? 5_000;
  const selection = createSelectionChannel();
  const pending = new Map<string, (reply: Reply) => void>();
  let lastRequest = 0;

  function onMessage(event: MessageEvent) {
    const message = readPlaygroundMessage(event, parent);
    if (!message) return;
    if (message.type === 'selection') selection.publish(message.ids);
    else pending.get(message.requestId)?.(message);
  }

  function send(message: SidebarMessage) {
    postToPlayground(parent, message);
  }

  function request(build: (requestId: string) => SidebarMessage): Promise<Reply> {
    lastRequest += 1;
    const requestId = `request-${lastRequest}`;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        pending.delete(requestId);
        reject(new Error('The playground did not answer in time: reload the playground page.'));
      }, replyTimeoutMs);
      pending.set(requestId, (reply) => {
        window.clearTimeout(timer);
        pending.delete(requestId);
        resolve(reply);
      });
      send(build(requestId));
    });
  }

  window.addEventListener('message', onMessage);
  send({ type: 'ready' });

  const actions: HostActions = {
    insertText: (text) => {
      send({ type: 'action', name: 'insertText', args: [text] });
    },
    insertHtml: (html) => {
      send({ type: 'action', name: 'insertHtml', args: [html] });
    },
    reply: (draft) => {
      send({ type: 'action', name: 'reply', args: [draft] });
    },
    addLabels: (labelIds) => {
      send({ type: 'action', name: 'addLabels', args: [labelIds] });
    },
    removeLabels: (labelIds) => {
      send({ type: 'action', name: 'removeLabels', args: [labelIds] });
    },
    comment: (body) => {
      send({ type: 'action', name: 'comment', args: [body] });
    },
  };

  return {
    kind: 'playground',
    onSelection: selection.subscribe,
    // The playground reads them as Missive's window does, outside the token's budget.
    fetchConversations: async (ids) => {
      try {
        const reply = await request((requestId) => ({
          type: 'fetchConversations',
          requestId,
          ids: [...ids],
        }));
        return reply.type === 'fetchConversationsResult'
          ? readHostConversations(reply.conversations)
          : [];
      } catch {
        // A playground that cannot say is a host that knows nothing: the gateway answers alone.
        return [];
      }
    },
    storeGet: async (key) => {
      const reply = await request((requestId) => ({ type: 'storeGet', requestId, key }));
      return reply.type === 'storeGetResult' ? reply.value : null;
    },
    storeSet: async (key, value) => {
      await request((requestId) => ({ type: 'storeSet', requestId, key, value }));
    },
    openConversation: ({ id }) => {
      send({ type: 'openConversation', id });
    },
    // A frame of the same origin may open tabs itself; nothing to ask the playground.
    openUrl: (url) => {
      window.open(url, '_blank', 'noopener');
    },
    reload: () => {
      window.location.reload();
    },
    actions,
    dispose: () => {
      window.removeEventListener('message', onMessage);
      pending.clear();
    },
  };
}
