import { z } from 'zod';
import {
  anyOf,
  attachmentFileSchema,
  checkRouting,
  conversationRoutingFields,
  e164Schema,
  idSchema,
  MAX_ATTACHMENTS,
  MAX_PAYLOAD_BYTES,
  oneOf,
  timestampSchema,
  uploadSchema,
} from './common';
import { channelFieldInput, emailFieldInput, messageFieldSchema } from './messages';

/**
 * Drafts: email, SMS, WhatsApp, Messenger/Instagram and custom-channel shapes.
 * The channel is told by the sender: an address is email, a phone number is
 * SMS/WhatsApp, an id is a custom channel or Live Chat.
 */

const phoneFromField = z.strictObject({
  phone_number: e164Schema,
  name: z.string().max(255).optional(),
  type: oneOf(['signalwire', 'twilio', 'twilio_whatsapp']).optional(),
});
const phoneToField = z.strictObject({
  phone_number: e164Schema,
  name: z.string().max(255).optional(),
});

export type DraftChannel = 'email' | 'phone' | 'account';

/** The UTF-8 size of a value sent as JSON, so the 10 MB limit is checked before upload. */
export function jsonByteLength(value: unknown): number {
  const json = JSON.stringify(value);
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const draftFields = z.strictObject({
  subject: z.string().max(998).optional(),
  body: z.string().max(MAX_PAYLOAD_BYTES).optional(),
  from_field: anyOf(
    [emailFieldInput, phoneFromField, channelFieldInput],
    [
      '{address, name} (email)',
      '{phone_number, type} (SMS/WhatsApp)',
      '{id, username, name} (custom channel)',
    ],
  ).optional(),
  to_fields: z
    .array(
      anyOf(
        [emailFieldInput, phoneToField, channelFieldInput],
        ['{address, name}', '{phone_number}', '{id, username, name}'],
      ),
    )
    .max(100)
    .optional(),
  cc_fields: z.array(emailFieldInput).max(100).optional(),
  bcc_fields: z.array(emailFieldInput).max(100).optional(),
  account: idSchema.optional(),
  attachments: z
    .array(uploadSchema)
    .max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files can be attached to a draft`)
    .optional(),
  quote_previous_message: z.boolean().optional(),
  send: z.boolean().optional(),
  send_at: timestampSchema.optional(),
  auto_followup: z.boolean().optional(),
  ...conversationRoutingFields,
});
export type DraftInput = z.infer<typeof draftFields>;

export function draftChannel(draft: Pick<DraftInput, 'from_field'>): DraftChannel {
  if (!draft.from_field || 'address' in draft.from_field) return 'email';
  if ('phone_number' in draft.from_field) return 'phone';
  return 'account';
}

export const draftInputSchema = draftFields.superRefine((draft, ctx) => {
  checkRouting(draft, ctx, { labelsNeedOrganization: false });
  if (draft.send && draft.send_at !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['send_at'],
      message: 'cannot be combined with send: true',
    });
  }
  if (draft.auto_followup && draft.send_at === undefined) {
    ctx.addIssue({ code: 'custom', path: ['auto_followup'], message: 'requires send_at' });
  }
  const channel = draftChannel(draft);
  const recipients = draft.to_fields ?? [];
  const wrongKind = recipients.findIndex((field) =>
    channel === 'email'
      ? !('address' in field)
      : channel === 'phone'
        ? !('phone_number' in field)
        : !('id' in field),
  );
  if (wrongKind !== -1) {
    const want = { email: 'an address', phone: 'a phone_number', account: 'an id' }[channel];
    ctx.addIssue({
      code: 'custom',
      path: ['to_fields', wrongKind],
      message: `must carry ${want}, like the from_field of this draft`,
    });
  }
  if (channel === 'phone' && recipients.length > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['to_fields'],
      message: 'SMS and WhatsApp drafts take only one recipient',
    });
  }
  if (channel !== 'email' && (draft.cc_fields?.length || draft.bcc_fields?.length)) {
    ctx.addIssue({
      code: 'custom',
      path: ['cc_fields'],
      message: 'cc and bcc are for email drafts only',
    });
  }
  if (channel === 'account' && !draft.account) {
    ctx.addIssue({
      code: 'custom',
      path: ['account'],
      message: 'is required for custom channel and Live Chat drafts',
    });
  }
});

export const draftCreateBody = z
  .strictObject({ drafts: draftInputSchema })
  .refine((body) => jsonByteLength(body) <= MAX_PAYLOAD_BYTES, {
    message: 'the draft with its attachments exceeds the 10 MB payload limit',
  });

export const draftSchema = z.looseObject({
  id: z.string(),
  conversation: z.string(),
  type: z.string(),
  subject: z.string().nullable(),
  preview: z.string().nullable(),
  body: z.string(),
  from_field: messageFieldSchema.nullable(),
  to_fields: z.array(messageFieldSchema),
  cc_fields: z.array(messageFieldSchema),
  bcc_fields: z.array(messageFieldSchema),
  attachments: z.array(attachmentFileSchema),
  send_at: z.number().nullable(),
  auto_followup: z.boolean(),
  created_at: z.number(),
  updated_at: z.number(),
});
export type Draft = z.infer<typeof draftSchema>;

export const draftResponse = z.object({ drafts: draftSchema });
export const draftsResponse = z.object({ drafts: z.array(draftSchema) });
export const deletedDraftResponse = z.object({
  drafts: z.object({ id: z.string(), conversation: z.string() }),
});
