import { useState } from 'react';
import { useFormContext } from 'react-hook-form';
import { WriteStatus } from '@/components/write-status';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
import { describeError } from '@/lib/describe-error';
import { useCreateDraft, type DraftCreateBody } from '../api/create-draft';
import { recipientsToText, replySubject } from '../utils/reply-body';
import {
  replySchema,
  replyValues,
  type ReplyAction,
  type ReplyValues,
} from '../utils/reply-schema';
import { formatSendAt } from '../utils/send-at';
import type { ReplyComposerProps } from './reply-composer';
import {
  HostComposerButtons,
  MessageFields,
  RecipientFields,
  ReplyAttachments,
  ScheduleFields,
} from './reply-fields';

/**
 * The reply form (react-hook-form, loaded when the composer is first shown).
 * The sidebar mounts it before the conversation and its participants have
 * loaded: when they arrive, a field the agent has not edited takes them
 * (`values` with keepDirtyValues). Nothing typed is cleared until Missive has
 * accepted it; then the form starts again from the conversation's prefill.
 */
export function ReplyForm({ conversationId, subject, recipients, contact }: ReplyComposerProps) {
  const create = useCreateDraft();
  const [schema] = useState(() => replySchema(conversationId));
  const [done, setDone] = useState<string | null>(null);
  const values = replyValues(recipientsToText(recipients), replySubject(subject), recipients);

  return (
    <Form<ReplyValues, DraftCreateBody>
      schema={schema}
      options={{ values, resetOptions: { keepDirtyValues: true } }}
      className="drafts-form"
      aria-label="Reply"
      error={create.error ? describeError(create.error) : null}
      onSubmit={(request, form) => {
        create.mutate(request, {
          onSuccess: () => {
            setDone(describeDone(request));
            // All of it, typed or not: the form's resetOptions keep typed values otherwise.
            form.reset(undefined, { keepDirtyValues: false, keepFieldsRef: true });
          },
        });
      }}
    >
      <RecipientFields />
      <MessageFields
        contact={contact}
        onPick={() => {
          setDone(null);
        }}
      />
      <ReplyAttachments conversationId={conversationId} />
      <div className="drafts-actions">
        <ActionButton action="save" variant="secondary" pending={create.isPending} onPress={reset}>
          Save draft
        </ActionButton>
        <ActionButton action="send" variant="primary" pending={create.isPending} onPress={reset}>
          Send now
        </ActionButton>
      </div>
      <ScheduleFields>
        <ActionButton
          action="schedule"
          variant="secondary"
          pending={create.isPending}
          onPress={reset}
        >
          Schedule
        </ActionButton>
      </ScheduleFields>
      <HostComposerButtons onDone={setDone} />
      <WriteStatus
        pending={create.isPending ? pendingText(create.variables) : null}
        success={done}
      />
    </Form>
  );

  /** A new attempt: what the last one said is gone. */
  function reset() {
    setDone(null);
    create.reset();
  }
}

/**
 * One of the form's submit buttons: it names the action, then submits, so
 * the schema checks what that action needs. Save draft comes first: it is
 * what Enter in a field does.
 */
function ActionButton({
  action,
  variant,
  pending,
  onPress,
  children,
}: {
  action: ReplyAction;
  variant: 'primary' | 'secondary';
  pending: boolean;
  onPress: () => void;
  children: string;
}) {
  const { setValue } = useFormContext<ReplyValues>();
  return (
    <Button
      type="submit"
      variant={variant}
      disabled={pending}
      onClick={() => {
        onPress();
        setValue('action', action);
      }}
    >
      {children}
    </Button>
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
