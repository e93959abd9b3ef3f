import { z } from 'zod';
import {
  anyOf,
  attachmentFileSchema,
  checkRouting,
  conversationRoutingFields,
  emailAddressSchema,
  idSchema,
  MAX_ATTACHMENTS,
  timestampSchema,
  uploadSchema,
} from './common';
import { conversationSchema } from './conversations';

/** A recipient or sender: email fields carry an address, SMS a phone number, custom channels an id. */
export const messageFieldSchema = z.looseObject({
  name: z.string().nullish(),
  address: z.string().nullish(),
  phone_number: z.string().nullish(),
  id: z.string().nullish(),
  username: z.string().nullish(),
});
export type MessageField = z.infer<typeof messageFieldSchema>;

export const messageTypes = [
  'email',
  'sms',
  'whatsapp',
  'custom',
  'live_chat',
  'messenger',
  'instagram',
] as const;

export const messageSchema = z.looseObject({
  id: z.string(),
  subject: z.string().nullable(),
  preview: z.string().nullable(),
  type: z.string(),
  delivered_at: z.number(),
  updated_at: z.number(),
  created_at: z.number(),
  email_message_id: z.string().nullable(),
  in_reply_to: z.array(z.string()),
  references: z.array(z.string()),
  body: z.string().optional(),
  from_field: messageFieldSchema,
  to_fields: z.array(messageFieldSchema),
  cc_fields: z.array(messageFieldSchema),
  bcc_fields: z.array(messageFieldSchema),
  reply_to_fields: z.array(messageFieldSchema),
  attachments: z.array(attachmentFileSchema),
  external_id: z.string().nullish(),
  conversation: conversationSchema.optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const messagesListResponse = z.object({ messages: z.array(messageSchema) });
/** `GET /messages/:id` answers one object; with several ids, an array. */
export const messagesGetResponse = z.object({
  messages: z.union([messageSchema, z.array(messageSchema)]),
});
export const messageResponse = z.object({ messages: messageSchema });

export const emailFieldInput = z.strictObject({
  address: emailAddressSchema,
  name: z.string().max(255).optional(),
});
export const channelFieldInput = z.strictObject({
  id: z.string().trim().min(1).max(255),
  username: z.string().max(255).optional(),
  name: z.string().max(255).optional(),
});

/** Messages in custom channels: email-like channels take addresses, text channels ids. */
export const messageCreateBody = z.strictObject({
  messages: z
    .strictObject({
      account: idSchema,
      subject: z.string().max(998).optional(),
      body: z.string().max(5_000_000).optional(),
      from_field: anyOf(
        [emailFieldInput, channelFieldInput],
        ['{address, name} (email channels)', '{id, username, name} (text channels)'],
      ),
      to_fields: z
        .array(
          anyOf([emailFieldInput, channelFieldInput], ['{address, name}', '{id, username, name}']),
        )
        .max(100)
        .optional(),
      cc_fields: z.array(emailFieldInput).max(100).optional(),
      bcc_fields: z.array(emailFieldInput).max(100).optional(),
      delivered_at: timestampSchema.optional(),
      attachments: z
        .array(uploadSchema)
        .max(MAX_ATTACHMENTS, `at most ${MAX_ATTACHMENTS} files`)
        .optional(),
      external_id: z.string().trim().min(1).max(255).optional(),
      ...conversationRoutingFields,
    })
    .superRefine((message, ctx) => {
      checkRouting(message, ctx, { labelsNeedOrganization: false });
      const emailChannel = 'address' in message.from_field;
      const mixed = (message.to_fields ?? []).some((field) => 'address' in field !== emailChannel);
      if (mixed) {
        ctx.addIssue({
          code: 'custom',
          path: ['to_fields'],
          message: 'must be of the same channel kind as from_field (all addresses, or all ids)',
        });
      }
      if (
        !emailChannel &&
        (message.subject !== undefined || message.cc_fields || message.bcc_fields)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['subject'],
          message: 'subject, cc_fields and bcc_fields are for email channels only',
        });
      }
    }),
});

export const messageByEmailIdQuery = z.strictObject({
  email_message_id: z.string().trim().min(1, 'must not be empty').max(998),
});
