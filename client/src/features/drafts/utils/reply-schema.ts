import { z } from 'zod';
import { draftCreateBody, draftInputSchema } from '@crm/shared/missive/drafts';
import { describeInvalid } from '@/lib/describe-error';
import type { DraftCreateBody } from '../api/create-draft';
import { textToRecipients, toHtml, type ReplyRecipient } from './reply-body';
import { datetimeInputToUnix } from './send-at';
import { findUnfilled } from './template-variables';

/** What the reply's buttons do: Save draft (also Enter), Send now, Schedule. */
export const replyActions = ['save', 'send', 'schedule'] as const;
export type ReplyAction = (typeof replyActions)[number];

/**
 * The reply as the form holds it: the recipients as typed, the message as
 * text, the schedule as a `datetime-local` value. The subject and the files
 * are the draft's own fields, checked by the shared draft schema's rules
 * (a too long subject is said under Subject).
 */
const replyFields = z.object({
  to: z.string(),
  subject: draftInputSchema.shape.subject.unwrap(),
  body: z.string(),
  uploads: draftInputSchema.shape.attachments.unwrap(),
  sendAt: z.string(),
  autoFollowup: z.boolean(),
  action: z.enum(replyActions),
  /** The participants the conversation names: their names go with their addresses. */
  known: z.array(z.object({ address: z.string(), name: z.string().nullable() })),
});
export type ReplyValues = z.input<typeof replyFields>;

export function replyValues(to: string, subject: string, known: readonly ReplyRecipient[]) {
  return {
    to,
    subject,
    body: '',
    uploads: [],
    sendAt: '',
    autoFollowup: false,
    action: 'save',
    known: [...known],
  } satisfies ReplyValues;
}

/** The draft as Missive takes it, whatever the action: what a save sends. */
export function draftFields(conversationId: string, values: ReplyValues) {
  return {
    conversation: conversationId,
    ...(values.subject.trim() ? { subject: values.subject } : {}),
    body: toHtml(values.body),
    to_fields: textToRecipients(values.to, values.known),
    ...(values.uploads.length ? { attachments: [...values.uploads] } : {}),
  };
}

/** The request for the button pressed, or why it cannot be sent that way. */
function toRequest(conversationId: string, values: ReplyValues): DraftCreateBody | string {
  const fields = draftFields(conversationId, values);
  if (values.action === 'save') return { drafts: fields };
  const unfilled = findUnfilled(`${values.subject}\n${values.body}`);
  if (unfilled.length) {
    return `Replace ${unfilled.map((variable) => variable.placeholder).join(', ')} before sending, or save the reply as a draft.`;
  }
  if (values.action === 'send') return { drafts: { ...fields, send: true } };
  const at = datetimeInputToUnix(values.sendAt);
  if (at === null) return 'Choose when to send it.';
  if (at * 1000 <= Date.now()) return 'Choose a time in the future.';
  return {
    drafts: { ...fields, send_at: at, ...(values.autoFollowup ? { auto_followup: true } : {}) },
  };
}

/**
 * From the form to the request its button makes, checked by Missive's own
 * rules (draftCreateBody). What stops it is the form's error: a variable
 * left unfilled before sending, no time to schedule for, or what Missive
 * would refuse.
 */
export function replySchema(conversationId: string) {
  return replyFields.transform((values, ctx): DraftCreateBody => {
    const request = toRequest(conversationId, values);
    if (typeof request === 'string') {
      ctx.addIssue({ code: 'custom', message: request });
      return z.NEVER;
    }
    const checked = draftCreateBody.safeParse(request);
    if (!checked.success) {
      ctx.addIssue({ code: 'custom', message: describeInvalid(checked.error) });
      return z.NEVER;
    }
    return request;
  });
}
