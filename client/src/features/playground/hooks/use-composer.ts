import { useCallback, useRef, useState } from 'react';
import type { ComposerDraft, Recipient } from '@/host/host';
import { htmlToText } from '../utils/html-to-text';

/**
 * The playground's stand-in for Missive's composer: what the sidebar's
 * reply, insertText and insertHtml produce lands here, visibly, and stays
 * editable like a real draft.
 */

export interface ComposerState {
  to: string;
  cc: string;
  subject: string;
  body: string;
  /** What the last action from the sidebar did, for the status line. */
  note: string;
}

const EMPTY: ComposerState = { to: '', cc: '', subject: '', body: '', note: '' };

export function useComposer() {
  const [draft, setDraft] = useState<ComposerState>(EMPTY);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const setField = useCallback((field: 'to' | 'cc' | 'subject' | 'body', value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
  }, []);

  const reply = useCallback((incoming: ComposerDraft) => {
    setDraft({
      to: formatRecipients(incoming.to_fields),
      cc: formatRecipients(incoming.cc_fields),
      subject: incoming.subject ?? '',
      body: incoming.body ?? '',
      note: 'The sidebar opened a reply.',
    });
  }, []);

  // At the caret, as Missive inserts: the textarea keeps its selection
  // while the focus is in the sidebar's frame.
  const insert = useCallback((text: string, note: string) => {
    const field = bodyRef.current;
    setDraft((current) => {
      const start = field ? field.selectionStart : current.body.length;
      const end = field ? field.selectionEnd : start;
      const body = `${current.body.slice(0, start)}${text}${current.body.slice(end)}`;
      return { ...current, body, note };
    });
  }, []);

  const insertText = useCallback(
    (text: string) => {
      insert(text, 'The sidebar inserted text.');
    },
    [insert],
  );

  // The playground never renders foreign HTML: it inserts the HTML's text.
  const insertHtml = useCallback(
    (html: string) => {
      insert(htmlToText(html), 'The sidebar inserted HTML (shown here as its text).');
    },
    [insert],
  );

  const discard = useCallback(() => {
    setDraft(EMPTY);
  }, []);

  return { draft, bodyRef, setField, reply, insertText, insertHtml, discard };
}

export type Composer = ReturnType<typeof useComposer>;

function formatRecipients(recipients: readonly Recipient[] | undefined): string {
  return (recipients ?? [])
    .map(({ address, name }) => (name ? `${name} <${address}>` : address))
    .join(', ');
}
