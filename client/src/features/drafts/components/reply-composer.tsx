import { useId, useState } from 'react';
import { jsonByteLength } from '@crm/shared/missive/drafts';
import type { CannedResponse } from '@crm/shared/missive/responses';
import { draftCreateBody } from '@crm/shared/missive/drafts';
import { WriteStatus } from '@/components/write-status';
import { useHost } from '@/host/host-context';
import { describeInvalid } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import { useCreateDraft, type DraftCreateBody } from '../api/create-draft';
import { useCurrentUser } from '../api/get-current-user';
import type { Upload } from '../utils/attachments';
import {
  recipientsToText,
  replySubject,
  textToRecipients,
  toHtml,
  type ReplyRecipient,
} from '../utils/reply-body';
import { datetimeInputToUnix, formatSendAt } from '../utils/send-at';
import {
  fillVariables,
  findUnfilled,
  variableValues,
  type ReplyContact,
  type UnfilledVariable,
} from '../utils/template-variables';
import { AttachmentsField } from './attachments-field';
import { CannedResponseSelect } from './canned-response-select';
import { ConversationDrafts } from './conversation-drafts';
import './drafts.css';

export type { ReplyContact, ReplyRecipient };

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

type Action = 'save' | 'send' | 'schedule';

/**
 * A reply written in the sidebar: canned responses with their variables
 * filled, attachments, then saved as a draft, sent now or scheduled, or,
 * inside Missive, handed to its composer. Nothing typed is cleared until
 * Missive has accepted it.
 */
export function ReplyComposer(props: ReplyComposerProps) {
  const headingId = `reply-heading-${props.conversationId}`;
  return (
    <section className="drafts-composer" aria-labelledby={headingId}>
      <h2 id={headingId}>Reply</h2>
      {/* A new conversation starts a new reply: text meant for one thread and its
          recipients must never be sent into another. */}
      <ReplyForm key={props.conversationId} {...props} />
      <ConversationDrafts conversationId={props.conversationId} count={props.draftsCount} />
    </section>
  );
}

function ReplyForm({ conversationId, subject, recipients, contact }: ReplyComposerProps) {
  const id = useId();
  const { actions } = useHost();
  const me = useCurrentUser();
  const initial = { to: recipientsToText(recipients), subject: replySubject(subject) };
  const [to, setTo] = useState(initial.to);
  const [title, setTitle] = useState(initial.subject);
  // The sidebar mounts this form before the conversation and its participants
  // have loaded: when they arrive, a field the agent has not edited takes them.
  // (React's "adjust state when a prop changes": set during render, no effect.)
  const [prefilled, setPrefilled] = useState(initial);
  if (prefilled.to !== initial.to || prefilled.subject !== initial.subject) {
    setPrefilled(initial);
    if (to === prefilled.to) setTo(initial.to);
    if (title === prefilled.subject) setTitle(initial.subject);
  }
  const [body, setBody] = useState('');
  const [uploads, setUploads] = useState<readonly Upload[]>([]);
  const [sendAt, setSendAt] = useState('');
  const [autoFollowup, setAutoFollowup] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const unfilled = findUnfilled(`${title}\n${body}`);

  const create = useCreateDraft({
    conversationId,
    mutationConfig: {
      onSuccess: (_draft, sent) => {
        setDone(describeDone(sent));
        setTo(initial.to);
        setTitle(initial.subject);
        setBody('');
        setUploads([]);
        setSendAt('');
        setAutoFollowup(false);
      },
    },
  });

  function applyResponse(response: CannedResponse) {
    const values = variableValues(contact, me.data?.name ?? null);
    const text = fillVariables(response.body, values);
    // Appended, never replacing: what the agent already wrote stays.
    setBody((current) => (current.trim() ? `${current}\n${text}` : text));
    if (response.subject) setTitle(fillVariables(response.subject, values));
    setDone(null);
  }

  function draftFields() {
    return {
      conversation: conversationId,
      ...(title.trim() ? { subject: title } : {}),
      body: toHtml(body),
      to_fields: textToRecipients(to, recipients),
      ...(uploads.length ? { attachments: [...uploads] } : {}),
    };
  }

  function bodyFor(action: Action): DraftCreateBody | string {
    if (action === 'save') return { drafts: draftFields() };
    if (unfilled.length) {
      return `Replace ${unfilled.map((variable) => variable.placeholder).join(', ')} before sending, or save the reply as a draft.`;
    }
    if (action === 'send') return { drafts: { ...draftFields(), send: true } };
    const at = datetimeInputToUnix(sendAt);
    if (at === null) return 'Choose when to send it.';
    if (at * 1000 <= Date.now()) return 'Choose a time in the future.';
    return {
      drafts: { ...draftFields(), send_at: at, ...(autoFollowup ? { auto_followup: true } : {}) },
    };
  }

  function submit(action: Action) {
    setDone(null);
    const request = bodyFor(action);
    if (typeof request === 'string') {
      setProblem(request);
      return;
    }
    const checked = draftCreateBody.safeParse(request);
    if (!checked.success) {
      setProblem(describeInvalid(checked.error));
      return;
    }
    setProblem(null);
    create.mutate(request);
  }

  return (
    <form
      className="drafts-form"
      aria-label="Reply"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit('save');
      }}
    >
      <div className="drafts-field">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          value={to}
          placeholder="name@example.com, …"
          onChange={(event) => {
            setTo(event.target.value);
          }}
        />
      </div>
      <div className="drafts-field">
        <label htmlFor={`${id}-subject`}>Subject</label>
        <input
          id={`${id}-subject`}
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
          }}
        />
      </div>
      {/* The agent's name fills {{agent_name}}: wait for it, or for its failure. */}
      <CannedResponseSelect ready={!me.isPending} onPick={applyResponse} />
      <div className="drafts-field">
        <label htmlFor={`${id}-body`}>Message</label>
        <textarea
          id={`${id}-body`}
          rows={6}
          value={body}
          aria-describedby={unfilled.length ? `${id}-unfilled` : undefined}
          onChange={(event) => {
            setBody(event.target.value);
          }}
        />
      </div>
      {unfilled.length ? <UnfilledWarning id={`${id}-unfilled`} unfilled={unfilled} /> : null}
      <AttachmentsField
        uploads={uploads}
        measureDraft={() => jsonByteLength({ drafts: draftFields() })}
        onAdd={(added) => {
          setUploads((current) => [...current, ...added]);
        }}
        onRemove={(index) => {
          setUploads((current) => current.filter((_upload, at) => at !== index));
        }}
      />
      <div className="drafts-actions">
        <Button variant="secondary" type="submit" disabled={create.isPending}>
          Save draft
        </Button>
        <button
          type="button"
          disabled={create.isPending}
          onClick={() => {
            submit('send');
          }}
        >
          Send now
        </button>
      </div>
      <fieldset className="drafts-schedule">
        <legend>Send later</legend>
        <div className="drafts-field">
          <label htmlFor={`${id}-send-at`}>Send at</label>
          <input
            id={`${id}-send-at`}
            type="datetime-local"
            value={sendAt}
            onChange={(event) => {
              setSendAt(event.target.value);
            }}
          />
        </div>
        <label className="drafts-check">
          <input
            type="checkbox"
            checked={autoFollowup}
            onChange={(event) => {
              setAutoFollowup(event.target.checked);
            }}
          />
          Cancel if they reply
        </label>
        <Button
          variant="secondary"
          disabled={create.isPending}
          onClick={() => {
            submit('schedule');
          }}
        >
          Schedule
        </Button>
      </fieldset>
      {actions ? (
        <div className="drafts-actions">
          <Button
            variant="secondary"
            disabled={!body.trim()}
            onClick={() => {
              actions.insertHtml(toHtml(body));
              setDone('Inserted into Missive’s composer.');
            }}
          >
            Insert into composer
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              actions.reply({
                ...(title.trim() ? { subject: title } : {}),
                body: toHtml(body),
                to_fields: textToRecipients(to, recipients),
              });
              setDone('Opened as a reply in Missive.');
            }}
          >
            Reply in Missive
          </Button>
        </div>
      ) : null}
      <WriteStatus
        pending={create.isPending ? pendingText(create.variables) : null}
        success={done}
        error={problem ?? create.error}
      />
    </form>
  );
}

function UnfilledWarning({ id, unfilled }: { id: string; unfilled: readonly UnfilledVariable[] }) {
  return (
    <div id={id} className="drafts-warning">
      <p>Not filled in yet:</p>
      <ul>
        {unfilled.map((variable) => (
          <li key={variable.placeholder}>
            <code>{variable.placeholder}</code>{' '}
            {variable.reason === 'unknown'
              ? 'is not a known variable'
              : 'has no value for this contact'}
          </li>
        ))}
      </ul>
    </div>
  );
}

function pendingText(request: DraftCreateBody): string {
  if (request.drafts.send) return 'Sending…';
  if (request.drafts.send_at !== undefined) return 'Scheduling…';
  return 'Saving the draft…';
}

function describeDone(request: DraftCreateBody): string {
  const { send, send_at: at, auto_followup: followup } = request.drafts;
  if (send) return 'Sent.';
  if (at !== undefined) {
    return `Scheduled for ${formatSendAt(at)}${followup ? '; cancelled if they reply' : ''}.`;
  }
  return 'Saved as a draft.';
}
