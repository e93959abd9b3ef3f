import type { MissiveHost } from './host';

/**
 * Standalone: no Missive around the app. The selection is whatever the
 * dashboard sets; storage is memory; links open in a new tab.
 */
export function createNoneHost(
  initialSelection: string[] = [],
): MissiveHost & { select: (ids: string[]) => void } {
  let selection = initialSelection;
  const listeners = new Set<(ids: string[]) => void>();
  const stored = new Map<string, string>();
  return {
    kind: 'none',
    onSelection: (listener) => {
      listeners.add(listener);
      listener(selection);
      return () => {
        listeners.delete(listener);
      };
    },
    select: (ids) => {
      selection = ids;
      for (const listener of listeners) listener(ids);
    },
    // Nothing around the app knows a conversation: the gateway's mirror answers.
    fetchConversations: () => Promise.resolve([]),
    storeGet: (key) => Promise.resolve(stored.get(key) ?? null),
    storeSet: (key, value) => {
      stored.set(key, value);
      return Promise.resolve();
    },
    openConversation: ({ web_url }) => {
      window.open(web_url, '_blank', 'noopener');
    },
    openUrl: (url) => {
      window.open(url, '_blank', 'noopener');
    },
    reload: () => {
      window.location.reload();
    },
    actions: null,
  };
}
