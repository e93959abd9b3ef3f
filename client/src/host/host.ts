/**
 * What the sidebar needs from the window around it. Three hosts implement
 * it: Missive itself (`window.Missive`, see missive-host.ts), the playground
 * that imitates Missive (playground-host.ts), and none (standalone, where
 * the dashboard supplies the selection). Features call only this interface,
 * so each works the same inside Missive, in the playground and in tests.
 */

import type { HostConversation } from '@crm/shared/context';

export type HostKind = 'missive' | 'playground' | 'none';

export interface Recipient {
  address: string;
  name?: string;
}

/** What Missive's composer accepts: `reply`/`compose` take a `mailto`-like draft. */
export interface ComposerDraft {
  subject?: string;
  body?: string;
  to_fields?: Recipient[];
  cc_fields?: Recipient[];
  bcc_fields?: Recipient[];
}

export interface HostActions {
  /** Put text or HTML at the cursor in the open composer. */
  insertText: (text: string) => void;
  insertHtml: (html: string) => void;
  /** Open a reply in the selected conversation's composer. */
  reply: (draft: ComposerDraft) => void;
  addLabels: (labelIds: string[]) => void;
  removeLabels: (labelIds: string[]) => void;
  /** Post an internal comment in the selected conversation. */
  comment: (body: string) => void;
}

export interface MissiveHost {
  readonly kind: HostKind;
  /**
   * Calls `listener` with the selected conversation ids now and on every
   * change: `[]` is nothing selected, more than one a multi-selection.
   */
  onSelection: (listener: (ids: string[]) => void) => () => void;
  /**
   * The conversations as the window around the sidebar already knows them
   * (Missive's `fetchConversations`): subject, authors, labels and the latest
   * message's from/to/cc, at no cost to the API token. Empty where the host
   * knows none (standalone) or cannot say; the gateway then answers alone.
   */
  fetchConversations: (ids: readonly string[]) => Promise<HostConversation[]>;
  /** Per-user storage the host keeps (Missive clears it at log-out). */
  storeGet: (key: string) => Promise<string | null>;
  storeSet: (key: string, value: string) => Promise<void>;
  /** Show a conversation: in Missive by navigating, elsewhere by opening its web link. */
  openConversation: (conversation: { id: string; web_url: string }) => void;
  /** Links open through the host: an iframe's own target=_blank is not reliable inside Missive. */
  openUrl: (url: string) => void;
  reload: () => void;
  /** Present only where a composer exists to act on. */
  actions: HostActions | null;
  /** Stops listening to the window around; for hosts that listen at all. */
  dispose?: () => void;
}
