import type { ComposerDraft, HostActions, MissiveHost } from './host';
import { HOST_CONVERSATION_FIELDS } from '@crm/shared/context';
import { readHostConversations } from './host-conversations';
import { isFramed } from './is-framed';
import { createSelectionChannel } from './selection-channel';

/**
 * The host inside Missive: an adapter over the global that Missive's iFrame
 * library (`missive.js`) defines. The library's source and wire protocol are
 * not public, so only the documented methods are used, and each one is
 * checked before it is called: a method missing at runtime degrades to a
 * fallback or a warning instead of breaking the sidebar.
 */

export const MISSIVE_SCRIPT_URL = 'https://integrations.missiveapp.com/missive.js';

/** What `reply` and `compose` take as `mailto`. */
export interface MissiveMailto {
  subject?: string;
  body?: string;
  to_fields?: { address: string; name?: string }[];
  cc_fields?: { address: string; name?: string }[];
  bcc_fields?: { address: string; name?: string }[];
}

/**
 * The documented members of `window.Missive` this adapter uses, and only
 * those. Every one is optional: older library versions and other hosts that
 * define a `Missive` global may lack any of them.
 */
export interface MissiveGlobal {
  on?: (
    event: string,
    callback: (payload: unknown) => void,
    options?: { retroactive?: boolean },
  ) => unknown;
  fetchConversations?: (ids: string[], fields?: string[]) => unknown;
  storeGet?: (key: string) => unknown;
  storeSet?: (key: string, value: string) => unknown;
  navigate?: (target: { conversationId: string }) => unknown;
  openURL?: (url: string) => unknown;
  reload?: () => unknown;
  insertText?: (text: string) => unknown;
  insertHtml?: (html: string) => unknown;
  reply?: (options: { mailto: MissiveMailto }) => unknown;
  addLabels?: (labelIds: string[]) => unknown;
  removeLabels?: (labelIds: string[]) => unknown;
  comment?: (body: string) => unknown;
}

declare global {
  interface Window {
    Missive?: MissiveGlobal;
  }
}

export interface LoadMissiveOptions {
  /** How long to wait for the library to define its global. */
  timeoutMs?: number;
  scriptUrl?: string;
}

/**
 * Resolves with the Missive host once `window.Missive` exists, loading
 * missive.js first when the page runs in a frame without it. Rejects with a
 * message a person can act on when the page is not inside Missive, the
 * script fails to load or the global never appears.
 */
export async function loadMissiveHost(options: LoadMissiveOptions = {}): Promise<MissiveHost> {
  const missive = await waitForMissive(options);
  return createMissiveHost(missive);
}

export function createMissiveHost(missive: MissiveGlobal): MissiveHost {
  const selection = createSelectionChannel();
  let listening = false;
  // Used only where the library offers no storage, so a session still works.
  const memory = new Map<string, string>();

  // The library documents no way to unsubscribe, so it is subscribed once and
  // the fan-out drops listeners that left: mounting and unmounting views
  // does not pile up callbacks inside Missive.
  function listen() {
    if (listening) return;
    listening = true;
    if (typeof missive.on !== 'function') {
      warn('on');
      selection.publish([]);
      return;
    }
    missive.on(
      'change:conversations',
      (ids) => {
        selection.publish(toIds(ids));
      },
      { retroactive: true },
    );
  }

  function openUrl(url: string) {
    if (typeof missive.openURL === 'function') missive.openURL(url);
    else window.open(url, '_blank', 'noopener');
  }

  return {
    kind: 'missive',
    onSelection: (listener) => {
      const unsubscribe = selection.subscribe(listener);
      listen();
      return unsubscribe;
    },
    fetchConversations: async (ids) => {
      if (typeof missive.fetchConversations !== 'function') {
        warn('fetchConversations');
        return [];
      }
      const answer: unknown = await Promise.resolve(
        missive.fetchConversations([...ids], HOST_CONVERSATION_FIELDS),
      );
      return readHostConversations(answer);
    },
    storeGet: async (key) => {
      if (typeof missive.storeGet !== 'function') return memory.get(key) ?? null;
      const value: unknown = await Promise.resolve(missive.storeGet(key));
      return typeof value === 'string' ? value : null;
    },
    storeSet: async (key, value) => {
      if (typeof missive.storeSet !== 'function') {
        memory.set(key, value);
        return;
      }
      await Promise.resolve(missive.storeSet(key, value));
    },
    openConversation: ({ id, web_url }) => {
      if (typeof missive.navigate === 'function') missive.navigate({ conversationId: id });
      else openUrl(web_url);
    },
    openUrl,
    reload: () => {
      if (typeof missive.reload === 'function') missive.reload();
      else window.location.reload();
    },
    actions: createActions(missive),
  };
}

function createActions(missive: MissiveGlobal): HostActions {
  return {
    insertText: (text) => {
      if (typeof missive.insertText === 'function') missive.insertText(text);
      else warn('insertText');
    },
    insertHtml: (html) => {
      if (typeof missive.insertHtml === 'function') missive.insertHtml(html);
      else warn('insertHtml');
    },
    reply: (draft) => {
      if (typeof missive.reply === 'function') missive.reply({ mailto: toMailto(draft) });
      else warn('reply');
    },
    addLabels: (labelIds) => {
      if (typeof missive.addLabels === 'function') missive.addLabels([...labelIds]);
      else warn('addLabels');
    },
    removeLabels: (labelIds) => {
      if (typeof missive.removeLabels === 'function') missive.removeLabels([...labelIds]);
      else warn('removeLabels');
    },
    comment: (body) => {
      if (typeof missive.comment === 'function') missive.comment(body);
      else warn('comment');
    },
  };
}

// Missive ignores keys it does not know, and an explicit undefined has been
// seen to blank a field: send only what the draft sets.
function toMailto(draft: ComposerDraft): MissiveMailto {
  const mailto: MissiveMailto = {};
  if (draft.subject !== undefined) mailto.subject = draft.subject;
  if (draft.body !== undefined) mailto.body = draft.body;
  if (draft.to_fields) mailto.to_fields = draft.to_fields.map(toField);
  if (draft.cc_fields) mailto.cc_fields = draft.cc_fields.map(toField);
  if (draft.bcc_fields) mailto.bcc_fields = draft.bcc_fields.map(toField);
  return mailto;
}

function toField(recipient: { address: string; name?: string }) {
  return recipient.name
    ? { address: recipient.address, name: recipient.name }
    : { address: recipient.address };
}

function toIds(payload: unknown): string[] {
  if (!Array.isArray(payload)) return [];
  return payload.filter((id): id is string => typeof id === 'string' && id !== '');
}

function warn(method: string) {
  console.warn(`Missive's library offers no ${method}() here; the sidebar skipped it.`);
}

const POLL_MS = 50;

function waitForMissive({
  timeoutMs = 10_000,
  scriptUrl = MISSIVE_SCRIPT_URL,
}: LoadMissiveOptions): Promise<MissiveGlobal> {
  const present = window.Missive;
  if (present) return Promise.resolve(present);
  if (!isFramed()) {
    return Promise.reject(
      new Error(
        'Missive is not around this page: open the sidebar from Missive, or try it in the playground.',
      ),
    );
  }
  const script = ensureScript(scriptUrl);
  return new Promise((resolve, reject) => {
    const check = () => {
      const missive = window.Missive;
      if (!missive) return;
      stop();
      resolve(missive);
    };
    const fail = () => {
      stop();
      reject(
        new Error(
          `Missive's library could not be loaded from ${scriptUrl}. Check the connection, then reload the sidebar.`,
        ),
      );
    };
    const poll = window.setInterval(check, POLL_MS);
    const timer = window.setTimeout(() => {
      stop();
      reject(
        new Error(
          `Missive's library did not start within ${Math.round(timeoutMs / 1000)} s. Reload the sidebar from Missive.`,
        ),
      );
    }, timeoutMs);
    function stop() {
      window.clearInterval(poll);
      window.clearTimeout(timer);
      script.removeEventListener('load', check);
      script.removeEventListener('error', fail);
    }
    script.addEventListener('load', check);
    script.addEventListener('error', fail);
  });
}

// Another load attempt (a remount, a retry) reuses the tag already added.
function ensureScript(src: string): HTMLScriptElement {
  for (const existing of document.querySelectorAll('script')) {
    if (existing.src === src) return existing;
  }
  const script = document.createElement('script');
  script.src = src;
  script.async = true;
  document.head.append(script);
  return script;
}
