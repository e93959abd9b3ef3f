import { useEffect, useEffectEvent, useState, type RefObject } from 'react';
import type { HostActions } from '@/host/host';
import { performAction, postToSidebar, readSidebarMessage } from '@/host/playground-protocol';
import { createSidebarStore } from '../utils/sidebar-store';

/**
 * The playground's side of the playground protocol: it plays Missive for
 * the sidebar in `frame`. It posts the selection on every change and again
 * whenever the sidebar says `ready` (a new sidebar hears the current
 * selection, as with Missive's `retroactive: true`), keeps the sidebar's
 * store, and performs its actions. Only messages from that frame's window
 * and this origin are heard.
 */
export function useSidebarBridge({
  frame,
  selection,
  actions,
  onOpenConversation,
  fetchConversations,
  storeSeed,
}: {
  frame: RefObject<HTMLIFrameElement | null>;
  selection: readonly string[];
  actions: HostActions;
  onOpenConversation: (id: string) => void;
  /** Missive's `fetchConversations`: what the window knows, read outside the token's budget. */
  fetchConversations: (ids: readonly string[]) => Promise<unknown[]>;
  /** What Missive's per-user store would hold for the sidebar already (its session). */
  storeSeed: Readonly<Record<string, string>>;
}) {
  const [store] = useState(() => createSidebarStore(storeSeed));

  const onMessage = useEffectEvent((event: MessageEvent) => {
    const sidebar = frame.current?.contentWindow;
    const message = readSidebarMessage(event, sidebar);
    if (!message || !sidebar) return;
    switch (message.type) {
      case 'ready':
        postToSidebar(sidebar, { type: 'selection', ids: [...selection] });
        return;
      case 'storeGet':
        postToSidebar(sidebar, {
          type: 'storeGetResult',
          requestId: message.requestId,
          value: store.get(message.key),
        });
        return;
      case 'storeSet':
        store.set(message.key, message.value);
        postToSidebar(sidebar, { type: 'storeSetResult', requestId: message.requestId });
        return;
      case 'openConversation':
        onOpenConversation(message.id);
        return;
      case 'fetchConversations': {
        const { requestId, ids } = message;
        // Missive answers with what it knows; a failed read knows nothing.
        void fetchConversations(ids)
          .catch(() => [])
          .then((conversations) => {
            postToSidebar(sidebar, { type: 'fetchConversationsResult', requestId, conversations });
          });
        return;
      }
      case 'action':
        performAction(actions, message);
        return;
    }
  });

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      onMessage(event);
    };
    window.addEventListener('message', listener);
    return () => {
      window.removeEventListener('message', listener);
    };
  }, []);

  useEffect(() => {
    const sidebar = frame.current?.contentWindow;
    if (sidebar) postToSidebar(sidebar, { type: 'selection', ids: [...selection] });
  }, [frame, selection]);
}
