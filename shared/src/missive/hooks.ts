import { z } from 'zod';
import { idSchema, oneOf } from './common';
import { commentSchema, conversationSchema } from './conversations';
import { messageSchema } from './messages';

/** The rule types a webhook can be created for through `POST /hooks`. */
export const hookTypes = [
  'incoming_email',
  'new_comment',
  'label_change',
  'conversation_change',
] as const;
export type HookType = (typeof hookTypes)[number];

export const hookCreateBody = z.strictObject({
  hooks: z.strictObject({
    type: oneOf(hookTypes),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    description: z.string().max(255).optional(),
    organization: idSchema.optional(),
    // Assumed, not documented: the secret deliveries are signed with. When
    // absent the emulator makes one up and returns it.
    secret: z.string().min(16, 'must be at least 16 characters').max(255).optional(),
  }),
});

export const hookSchema = z.looseObject({
  id: z.string(),
  type: z.enum(hookTypes),
  url: z.string(),
  description: z.string().nullable(),
  organization: z.string().nullable(),
  secret: z.string().optional(),
  created_at: z.number(),
});
export type Hook = z.infer<typeof hookSchema>;
export const hookResponse = z.object({ hooks: hookSchema });

/** What a webhook delivery POSTs: the rule, the conversation and what happened. */
export const webhookPayloadSchema = z.looseObject({
  rule: z.looseObject({ id: z.string(), description: z.string().nullable(), type: z.string() }),
  conversation: conversationSchema,
  message: messageSchema.optional(),
  latest_message: messageSchema.optional(),
  comment: commentSchema.optional(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
