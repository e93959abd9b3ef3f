import { lazy } from 'react';
import { ViewBoundary } from '@/components/view-boundary';
import type { ReplyRecipient } from '../utils/reply-body';
import type { ReplyContact } from '../utils/template-variables';
import { ConversationDrafts } from './conversation-drafts';
import './drafts.css';

export type { ReplyContact, ReplyRecipient };

// react-hook-form comes with the form: the sidebar's first load stays within its budget.
const ReplyForm = lazy(() => import('./reply-form').then((m) => ({ default: m.ReplyForm })));

export interface ReplyComposerProps {
  conversationId: string;
  /** The conversation's subject; the reply's starts as "Re: " it. */
  subject: string | null;
  /** Prefilled into To, where the agent may change them. */
  recipients: readonly ReplyRecipient[];
  /** Fills the canned responses' variables. */
  contact: ReplyContact | null;
  /** The conversation's draft count, when known: the drafts list is read only if there are any. */
  draftsCount: number | undefined;
}

/**
 * A reply written in the sidebar: canned responses with their variables
 * filled, attachments, then saved as a draft, sent now or scheduled, or,
 * inside Missive, handed to its composer. The form's code is downloaded when
 * the composer is first shown ("Loading…" meanwhile).
 */
export function ReplyComposer(props: ReplyComposerProps) {
  const headingId = `reply-heading-${props.conversationId}`;
  return (
    <section className="drafts-composer" aria-labelledby={headingId}>
      <h2 id={headingId}>Reply</h2>
      <ViewBoundary>
        {/* A new conversation starts a new reply: text meant for one thread and its
            recipients must never be sent into another. */}
        <ReplyForm key={props.conversationId} {...props} />
      </ViewBoundary>
      <ConversationDrafts conversationId={props.conversationId} count={props.draftsCount} />
    </section>
  );
}
