import { z } from 'zod';
import { contactChangesSchema } from './contact-edits';
import {
  attachmentFileSchema,
  e164Schema,
  emailAddressSchema,
  emptyParams,
  idSchema,
} from './missive/common';
import { contactsResponse, deletedContactSchema } from './missive/contacts';
import { authorSchema, conversationsResponse } from './missive/conversations';
import type { HttpMethod } from './missive/endpoints';
import { messageFieldSchema, messageResponse } from './missive/messages';

/**
 * The Missive emulator's control surface: what people do in Missive's own
 * window, which no API token can do (a customer writes in, a colleague edits
 * or deletes a contact, labels a thread), and the reads that window makes for
 * free (`Missive.fetchConversations`). Tests and the playground drive the
 * emulator through it. It answers beside the emulated API, outside `/v1` and
 * its rate limits, with the same bearer token; paths here are relative to
 * `<emulator origin>/control`.
 *
 * Each change behaves as if made in Missive: timestamps move as Missive moves
 * them, `modified_since` listings show it, and webhook rules that match it
 * get a signed delivery.
 */

export interface ControlRouteDef<
  P extends z.ZodType = z.ZodType,
  B extends z.ZodType | null = z.ZodType | null,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express-style template relative to `<origin>/control`. */
  path: string;
  summary: string;
  params: P;
  body: B;
  response: R;
}

/** Every read of the emulated API, free of the token's budget: `GET <origin>/control/v1/<API path>`. */
export const CONTROL_READS_PATH = '/v1';

const idParam = z.object({ id: idSchema });

/** A colleague's edit in Missive: any subset of the contact, with PATCH's rules (infos and memberships replace whole lists). */
export const contactEditBody = contactChangesSchema.refine(
  (changes) => Object.keys(changes).length > 0,
  'name at least one field to change',
);
export type ContactEditBody = z.infer<typeof contactEditBody>;

export const deletedContactResponse = z.object({ contacts: z.array(deletedContactSchema) });

export const incomingChannels = ['email', 'sms', 'whatsapp'] as const;

const personName = z.string().trim().min(1, 'must not be empty').max(255).optional();
const emailPerson = z.strictObject({ name: personName, address: emailAddressSchema });
const phonePerson = z.strictObject({ name: personName, phone_number: e164Schema });
const someone = z.union([emailPerson, phonePerson], {
  error:
    'must be {"address": <email>} or {"phone_number": <E.164 number>}, with an optional "name"',
});

/**
 * A message someone outside sends to the organisation: into `conversation`,
 * or into a new one in `team`'s inbox (without a team, the token owner's own
 * Inbox: as mail to a personal address, or, with `organization`, to an
 * account the owner shares with that organization, whose conversations it
 * can label and give tasks). The channel follows the sender (an address is
 * email, a number SMS) unless named; WhatsApp must be named.
 */
export const incomingMessageBody = z
  .strictObject({
    conversation: idSchema.optional(),
    team: idSchema.optional(),
    organization: idSchema.optional(),
    channel: z
      .enum(incomingChannels, { error: `must be one of ${incomingChannels.join(', ')}` })
      .optional(),
    from_field: someone,
    to_fields: z.array(someone).min(1, 'name at least one recipient').max(50).optional(),
    cc_fields: z.array(emailPerson).max(50).optional(),
    subject: z.string().trim().min(1, 'must not be empty').max(998).optional(),
    body: z.string().trim().min(1, 'must not be empty').max(100_000),
  })
  .superRefine((input, ctx) => {
    const issue = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    if (input.conversation !== undefined && input.team !== undefined) {
      issue('team', 'applies only to a new conversation: leave it out with "conversation"');
    }
    if (input.organization !== undefined && input.conversation !== undefined) {
      issue('organization', 'applies only to a new conversation: leave it out with "conversation"');
    }
    if (input.organization !== undefined && input.team !== undefined) {
      issue('organization', "a team's conversations are in the team's organization: name one");
    }
    if (input.conversation === undefined && input.to_fields === undefined) {
      issue('to_fields', 'is required for a new conversation: whom was it sent to?');
    }
    const email = (input.channel ?? ('address' in input.from_field ? 'email' : 'sms')) === 'email';
    const people = [input.from_field, ...(input.to_fields ?? [])];
    if (people.some((person) => 'address' in person !== email)) {
      issue(
        'from_field',
        email
          ? 'an email goes from and to addresses, not phone numbers'
          : 'an SMS or WhatsApp message goes from and to phone numbers, not addresses',
      );
    }
    if (!email && input.subject !== undefined) issue('subject', 'applies only to email');
    if (!email && input.cc_fields !== undefined) issue('cc_fields', 'applies only to email');
  });
export type IncomingMessageBody = z.infer<typeof incomingMessageBody>;

/** Labelling in Missive's window: no organization needed, nothing posted, nothing reopened. */
export const labelChangeBody = z
  .strictObject({
    add_shared_labels: z.array(idSchema).max(50).optional(),
    remove_shared_labels: z.array(idSchema).max(50).optional(),
  })
  .superRefine((input, ctx) => {
    const added = input.add_shared_labels ?? [];
    const removed = input.remove_shared_labels ?? [];
    if (added.length + removed.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'name a label in add_shared_labels or remove_shared_labels',
      });
    }
    const both = added.filter((id) => removed.includes(id));
    if (both.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['remove_shared_labels'],
        message: `names label ${both.join(', ')} that add_shared_labels also adds`,
      });
    }
  });
export type LabelChangeBody = z.infer<typeof labelChangeBody>;

// --- Missive.fetchConversations ---------------------------------------------
// The shapes of javascript-api.md. Missive says to treat every field as
// optional, and `fields` can leave any of them out, so only ids are required.

/** A user as Missive's window names one (`fetchUsers`, a conversation's users and assignees). */
export const windowUserSchema = z.looseObject({
  id: z.string(),
  email: z.string().optional(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  display_name: z.string().optional(),
  avatar_url: z.string().nullish(),
  me: z.boolean().optional(),
});

export const windowLabelSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  parent_id: z.string().nullish(),
});

export const windowMessageSchema = z.looseObject({
  id: z.string().optional(),
  subject: z.string().nullish(),
  preview: z.string().nullish(),
  body: z.string().optional(),
  delivered_at: z.number().optional(),
  from_field: messageFieldSchema.optional(),
  to_fields: z.array(messageFieldSchema).optional(),
  cc_fields: z.array(messageFieldSchema).optional(),
  bcc_fields: z.array(messageFieldSchema).optional(),
  attachments: z.array(attachmentFileSchema).optional(),
});

export const windowConversationSchema = z.looseObject({
  id: z.string(),
  /** The conversation's own subject, else its latest message's, as Missive's list shows it. */
  subject: z.string().nullish(),
  color: z.string().nullish(),
  /** The conversation in Missive's web app. */
  link: z.string().optional(),
  messages_count: z.number().optional(),
  users: z.array(windowUserSchema).optional(),
  assignees: z.array(windowUserSchema).optional(),
  authors: z.array(authorSchema).optional(),
  labels: z.array(windowLabelSchema).optional(),
  /** Everyone on any message, as `Missive.getEmailAddresses` lists them. */
  email_addresses: z
    .array(z.looseObject({ address: z.string(), name: z.string().nullish() }))
    .optional(),
  phone_numbers: z
    .array(z.looseObject({ phone_number: z.string(), name: z.string().nullish() }))
    .optional(),
  /** Oldest first. */
  messages: z.array(windowMessageSchema).optional(),
  /** null for a conversation without messages (only comments or a task). */
  latest_message: windowMessageSchema.nullish(),
});
export type WindowConversation = z.infer<typeof windowConversationSchema>;

const conversationFieldNames = Object.keys(windowConversationSchema.shape);
const messageFieldNames = Object.keys(windowMessageSchema.shape);

/**
 * `fetchConversations`' field list: `latest_message` keeps a field (ids are
 * always kept), `!latest_message.body` leaves one out; a dotted path reaches
 * into messages, users or labels.
 */
export const windowFieldSchema = z
  .string()
  .regex(/^!?[a-z_]+(\.[a-z_]+)*$/, 'must be a field such as "latest_message" or "!messages.body"')
  .superRefine((field, ctx) => {
    const [top = '', nested] = field.replace(/^!/, '').split('.');
    if (!conversationFieldNames.includes(top)) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown conversation field "${top}"; known: ${conversationFieldNames.join(', ')}`,
      });
    } else if (
      nested !== undefined &&
      (top === 'messages' || top === 'latest_message') &&
      !messageFieldNames.includes(nested)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown message field "${nested}"; known: ${messageFieldNames.join(', ')}`,
      });
    }
  });

export const fetchConversationsBody = z.strictObject({
  ids: z
    .array(idSchema)
    .min(1, 'name at least one conversation')
    .max(100, 'at most 100 conversations at once'),
  fields: z.array(windowFieldSchema).max(50).optional(),
});

export const fetchConversationsResponse = z.object({
  conversations: z.array(windowConversationSchema),
});

// --- The table ----------------------------------------------------------------

export const controlRoutes = {
  editContact: {
    method: 'PATCH',
    path: '/contacts/:id',
    summary: 'Someone edits a contact in Missive (PATCH semantics); modified_at moves',
    params: idParam,
    body: contactEditBody,
    response: contactsResponse,
  },
  deleteContact: {
    method: 'DELETE',
    path: '/contacts/:id',
    summary: 'Someone deletes a contact; modified_since with include_deleted shows it',
    params: idParam,
    body: null,
    response: deletedContactResponse,
  },
  receiveMessage: {
    method: 'POST',
    path: '/messages',
    summary: 'An email, SMS or WhatsApp message arrives, in a conversation or a new one',
    params: emptyParams,
    body: incomingMessageBody,
    response: messageResponse,
  },
  changeLabels: {
    method: 'POST',
    path: '/conversations/:id/labels',
    summary: 'Someone adds or removes shared labels on a conversation',
    params: idParam,
    body: labelChangeBody,
    response: conversationsResponse,
  },
  fetchConversations: {
    method: 'POST',
    path: '/fetch-conversations',
    summary: "Conversations as Missive's window gives them to an iFrame (fetchConversations)",
    params: emptyParams,
    body: fetchConversationsBody,
    response: fetchConversationsResponse,
  },
} as const satisfies Record<string, ControlRouteDef>;

export type ControlRouteName = keyof typeof controlRoutes;
export type ControlRoute<N extends ControlRouteName> = (typeof controlRoutes)[N];
export type ControlParams<N extends ControlRouteName> = z.input<ControlRoute<N>['params']>;
export type ControlBody<N extends ControlRouteName> = ControlRoute<N>['body'] extends z.ZodType
  ? z.input<ControlRoute<N>['body']>
  : undefined;
export type ControlResponse<N extends ControlRouteName> = z.output<ControlRoute<N>['response']>;

export const controlRouteNames = Object.keys(controlRoutes) as ControlRouteName[];
