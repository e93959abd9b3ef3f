import { useId, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormContext, useWatch } from 'react-hook-form';
import { jsonByteLength } from '@crm/shared/missive/drafts';
import type { CannedResponse } from '@crm/shared/missive/responses';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { useHost } from '@/host/host-context';
import { getUsersQueryOptions } from '@/lib/directory/get-users';
import { agentName } from '../utils/agent-name';
import { textToRecipients, toHtml } from '../utils/reply-body';
import { draftFields, type ReplyValues } from '../utils/reply-schema';
import {
  fillVariables,
  findUnfilled,
  variableValues,
  type ReplyContact,
  type UnfilledVariable,
} from '../utils/template-variables';
import { AttachmentsField } from './attachments-field';
import { CannedResponseSelect } from './canned-response-select';

/** The parts of the reply form; each reads the form from ReplyForm's context. */

export function RecipientFields() {
  const { register, formState } = useFormContext<ReplyValues>();
  return (
    <>
      <Field label="To" className="drafts-field">
        {(control) => <input {...control} placeholder="name@example.com, …" {...register('to')} />}
      </Field>
      <Field label="Subject" className="drafts-field" error={formState.errors.subject?.message}>
        {(control) => <input {...control} {...register('subject')} />}
      </Field>
    </>
  );
}

/** A canned response, with its variables filled, and the message itself. */
export function MessageFields({
  contact,
  onPick,
}: {
  contact: ReplyContact | null;
  onPick: () => void;
}) {
  const warningId = useId();
  const { register, setValue, getValues } = useFormContext<ReplyValues>();
  const [subject, body] = useWatch<ReplyValues, ['subject', 'body']>({ name: ['subject', 'body'] });
  const me = useQuery({ ...getUsersQueryOptions(null), select: agentName });
  const unfilled = findUnfilled(`${subject}\n${body}`);

  function applyResponse(response: CannedResponse) {
    const values = variableValues(contact, me.data ?? null);
    const text = fillVariables(response.body, values);
    const current = getValues('body');
    // Appended, never replacing: what the agent already wrote stays.
    setValue('body', current.trim() ? `${current}\n${text}` : text, { shouldDirty: true });
    if (response.subject) {
      setValue('subject', fillVariables(response.subject, values), { shouldDirty: true });
    }
    onPick();
  }

  return (
    <>
      {/* The agent's name fills {{agent_name}}: wait for it, or for its failure. */}
      <CannedResponseSelect ready={!me.isPending} onPick={applyResponse} />
      <Field label="Message" className="drafts-field">
        {(control) => (
          <textarea
            {...control}
            rows={6}
            aria-describedby={
              [control['aria-describedby'], unfilled.length ? warningId : null]
                .filter(Boolean)
                .join(' ') || undefined
            }
            {...register('body')}
          />
        )}
      </Field>
      {unfilled.length ? <UnfilledWarning id={warningId} unfilled={unfilled} /> : null}
    </>
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

/** The files, held by the form; the limits are checked against the draft as it is now. */
export function ReplyAttachments({ conversationId }: { conversationId: string }) {
  const { setValue, getValues } = useFormContext<ReplyValues>();
  const uploads = useWatch<ReplyValues, 'uploads'>({ name: 'uploads' });
  return (
    <AttachmentsField
      uploads={uploads}
      measureDraft={() => jsonByteLength({ drafts: draftFields(conversationId, getValues()) })}
      onAdd={(added) => {
        setValue('uploads', [...getValues('uploads'), ...added], { shouldDirty: true });
      }}
      onRemove={(index) => {
        setValue(
          'uploads',
          getValues('uploads').filter((_upload, at) => at !== index),
          { shouldDirty: true },
        );
      }}
    />
  );
}

/** When to send it, and the button that schedules it (`children`). */
export function ScheduleFields({ children }: { children: ReactNode }) {
  const { register } = useFormContext<ReplyValues>();
  return (
    <fieldset className="drafts-schedule">
      <legend>Send later</legend>
      <Field label="Send at" className="drafts-field">
        {(control) => <input {...control} type="datetime-local" {...register('sendAt')} />}
      </Field>
      <label className="drafts-check">
        <input type="checkbox" {...register('autoFollowup')} />
        Cancel if they reply
      </label>
      {children}
    </fieldset>
  );
}

/** Inside Missive only: the reply handed to Missive's own composer. */
export function HostComposerButtons({ onDone }: { onDone: (text: string) => void }) {
  const { actions } = useHost();
  const { getValues } = useFormContext<ReplyValues>();
  const body = useWatch<ReplyValues, 'body'>({ name: 'body' });
  if (!actions) return null;
  return (
    <div className="drafts-actions">
      <Button
        variant="secondary"
        disabled={!body.trim()}
        onClick={() => {
          actions.insertHtml(toHtml(getValues('body')));
          onDone('Inserted into Missive’s composer.');
        }}
      >
        Insert into composer
      </Button>
      <Button
        variant="secondary"
        onClick={() => {
          const { subject, body: text, to, known } = getValues();
          actions.reply({
            ...(subject.trim() ? { subject } : {}),
            body: toHtml(text),
            to_fields: textToRecipients(to, known),
          });
          onDone('Opened as a reply in Missive.');
        }}
      >
        Reply in Missive
      </Button>
    </div>
  );
}
