import { z } from 'zod';
import { queryInt } from './missive/common';
import { contactSchema } from './missive/contacts';
import { authorSchema, conversationSchema } from './missive/conversations';
import { sharedLabelSchema } from './missive/labels';
import { taskSchema } from './missive/tasks';

/**
 * The sidebar's context for one conversation, in one answer, built from what
 * the window around the sidebar already gave and from the gateway's mirror of
 * Missive; Missive's API is called only for what neither has.
 */

/**
 * A person as Missive's iFrame API names one, in authors and in a message's
 * fields: the same shape as the REST API's authors.
 */
export const hostPersonSchema = authorSchema;
export type HostPerson = z.infer<typeof hostPersonSchema>;

/**
 * A conversation as `Missive.fetchConversations` returns it. Missive
 * documents every field as optional, so everything but the id may be absent;
 * unknown fields pass through untouched.
 */
export const hostConversationSchema = z.looseObject({
  id: z.string().min(1).max(200),
  subject: z.string().nullish(),
  color: z.string().nullish(),
  link: z.string().nullish(),
  messages_count: z.number().nullish(),
  authors: z.array(hostPersonSchema).max(500).nullish(),
  labels: z
    .array(z.looseObject({ id: z.string(), name: z.string().nullish() }))
    .max(500)
    .nullish(),
  latest_message: z
    .looseObject({
      id: z.string().nullish(),
      subject: z.string().nullish(),
      delivered_at: z.number().nullish(),
      from_field: hostPersonSchema.nullish(),
      to_fields: z.array(hostPersonSchema).max(500).nullish(),
      cc_fields: z.array(hostPersonSchema).max(500).nullish(),
      bcc_fields: z.array(hostPersonSchema).max(500).nullish(),
    })
    .nullish(),
});
export type HostConversation = z.infer<typeof hostConversationSchema>;

/**
 * What the sidebar asks of `fetchConversations`: who takes part (authors and
 * the latest message's fields), labels, the link and counts. Bodies and
 * attachments are left out: they can be large and the sidebar does not show
 * them.
 */
export const HOST_CONVERSATION_FIELDS = [
  'latest_message',
  'link',
  '!latest_message.body',
  '!latest_message.attachments',
];

/** `POST /api/context/:id`: what the host already knows of the conversation, if anything. */
export const contextRequestSchema = z.strictObject({
  host: hostConversationSchema.optional(),
});
export type ContextRequest = z.infer<typeof contextRequestSchema>;

/** Where a part of the answer came from: the free ones first. */
export const contextSourceSchema = z.enum(['host', 'mirror', 'missive']);
export type ContextSource = z.infer<typeof contextSourceSchema>;

/**
 * Someone outside the organisation taking part in a conversation, as the
 * conversation names them: the gateway finds them in it, the sidebar offers
 * to file them as a contact.
 */
export const participantSchema = z.object({
  name: z.string().nullable(),
  /** Lower-cased. */
  email: z.string().nullable(),
  /** E.164 when the number could be read as one; SMS and WhatsApp people are known by number. */
  phone: z.string().nullable(),
});
export type Participant = z.infer<typeof participantSchema>;

/** A participant as the context gives them: matched to their contacts and other conversations. */
export const contextParticipantSchema = participantSchema.extend({
  /** Their records in every contact book, matched by email or phone. */
  contacts: z.array(contactSchema),
  /** Their other conversations, newest activity first. */
  other_conversations: z.array(conversationSchema),
});
export type ContextParticipant = z.infer<typeof contextParticipantSchema>;

export const conversationContextSchema = z.object({
  conversation: conversationSchema,
  /** The subject, else who the thread is with, as Missive titles it. */
  title: z.string(),
  /** The latest message's type (email, sms, whatsapp, a custom channel), when the gateway has seen it. */
  channel: z.string().nullable(),
  participants: z.array(contextParticipantSchema),
  /** The conversation's shared labels as full records (colour, parent), where known. */
  labels: z.array(sharedLabelSchema),
  tasks: z.array(taskSchema),
  sources: z.object({
    conversation: contextSourceSchema,
    participants: contextSourceSchema,
  }),
  /** Milliseconds since the epoch at which each part was last known to match Missive. */
  as_of: z.object({
    conversation: z.number(),
    contacts: z.number().nullable(),
    tasks: z.number().nullable(),
  }),
});
export type ConversationContext = z.infer<typeof conversationContextSchema>;

/** `GET /api/contacts/search?q=…`: contacts of every book matching the text, best first, from the mirror. */
export const contactSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  limit: queryInt(1, 50).optional(),
});
export type ContactSearchQuery = z.input<typeof contactSearchQuerySchema>;

export const contactSearchResponseSchema = z.object({
  contacts: z.array(contactSchema),
  /** When the oldest contact answered last matched Missive (ms epoch); null with no answer. */
  as_of: z.number().nullable(),
});
export type ContactSearchResponse = z.infer<typeof contactSearchResponseSchema>;
