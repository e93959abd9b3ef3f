import type { AttachmentFile } from '@crm/shared/missive/common';
import { draftChannel } from '@crm/shared/missive/drafts';
import { HttpError } from '../../http/http-error';
import { fileUrl } from '../files';
import type { Handlers } from '../handler';
import { bareReference, mustFind } from '../lookup';
import type {
  AddressField,
  Channel,
  ConversationRecord,
  DraftRecord,
  MessageRecord,
} from '../model';
import {
  applyChanges,
  checkChanges,
  targetConversation,
  type ConversationChanges,
} from '../routing';
import type { EmulatorState } from '../state';
import { renderDraft, renderMessage, renderPost } from '../views';

/**
 * Drafts, posts and messages: what lands in a conversation, by id, by
 * reference or in a new one, with the routing fields applied on the way.
 */

/** The custom channel account the emulator knows (Missive shows ids in its settings). */
export const CUSTOM_CHANNEL_ACCOUNT = 'a8c1d6e2-7b4f-4c1e-9d3a-5f6e7a8b9c0d';

function storeUploads(
  state: EmulatorState,
  uploads: { base64_data: string; filename: string }[] | undefined,
): AttachmentFile[] {
  return (uploads ?? []).map(({ base64_data, filename }) => {
    const id = state.newId();
    const bytes = Buffer.from(base64_data, 'base64');
    state.uploads.set(id, bytes);
    const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? null;
    const image = extension !== null && ['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(extension);
    return {
      id,
      filename,
      extension,
      url: fileUrl(id, filename),
      media_type: image ? 'image' : 'application',
      sub_type: extension ?? 'octet-stream',
      size: bytes.length,
      width: null,
      height: null,
    };
  });
}

/**
 * The conversation changes a draft, post or message carries. Its `subject`
 * is the message's own, never the conversation's, so it stays out; the
 * other fields are read by name and the rest of the payload is ignored.
 */
function routingChanges(input: ConversationChanges): ConversationChanges {
  const { subject: _messageSubject, ...routing } = input;
  return routing;
}

export function messageIdFor(state: EmulatorState): string {
  return `<${state.newId()}@emulator.missiveapp.invalid>`;
}

/** An email answering `previous` names it in In-Reply-To and extends its References. */
export function threadAfter(
  previous: MessageRecord | undefined,
): Pick<MessageRecord, 'in_reply_to' | 'references'> {
  const id = previous?.email_message_id;
  return id
    ? { in_reply_to: [id], references: [...previous.references, id] }
    : { in_reply_to: [], references: [] };
}

/**
 * Adds a message to its conversation: the conversation learns the message's
 * ids (later messages and posts find it by them) and its activity moves on.
 */
export function fileMessage(
  state: EmulatorState,
  conversation: ConversationRecord,
  message: MessageRecord,
): MessageRecord {
  state.insert('messages', message);
  for (const reference of [message.email_message_id, message.external_id]) {
    if (reference) conversation.references.push(bareReference(reference));
  }
  conversation.last_activity_at = Math.max(conversation.last_activity_at, message.delivered_at);
  return message;
}

/**
 * The addresses the organisation may send email from: its users' own, and
 * every address it has already sent from (a team's shared support@, which
 * Missive knows as an email account of the organisation and the emulator
 * learns from the messages it holds).
 */
function emailChannelAliases(state: EmulatorState): Set<string> {
  const aliases = new Set(state.data.users.map((user) => user.email.toLowerCase()));
  for (const message of state.data.messages) {
    const address = message.outgoing ? message.from_field.address : undefined;
    if (address) aliases.add(address.toLowerCase());
  }
  return aliases;
}

export const contentHandlers = {
  createDraft({ body: { drafts: input } }, { state, notify }) {
    const channel = draftChannel(input);
    const from = input.from_field;
    if (
      channel === 'email' &&
      from &&
      'address' in from &&
      !emailChannelAliases(state).has(from.address.toLowerCase())
    ) {
      throw new HttpError(400, `from_field: "${from.address}" is not one of your email aliases`);
    }
    const type: Channel =
      channel === 'email'
        ? 'email'
        : from && 'phone_number' in from
          ? from.type === 'twilio_whatsapp'
            ? 'whatsapp'
            : 'sms'
          : 'custom';
    const changes = routingChanges(input);
    checkChanges(state, changes);
    const conversation = targetConversation(state, input, type);
    const now = state.now();
    const me = state.me();
    const fields = {
      subject: input.subject ?? null,
      body: input.body ?? '',
      to_fields: input.to_fields ?? [],
      cc_fields: input.cc_fields ?? [],
      bcc_fields: input.bcc_fields ?? [],
      attachments: storeUploads(state, input.attachments),
    };
    const previous = [...state.of('messages', conversation.id)].sort(
      (a, b) => b.delivered_at - a.delivered_at,
    )[0];
    if (input.quote_previous_message && previous) {
      fields.body += `<blockquote>${previous.body}</blockquote>`;
    }
    const fromField: AddressField = from ?? { address: me.email, name: me.name };
    for (const event of applyChanges(conversation, changes)) notify(event);
    conversation.users[me.id] ??= { inbox: true, flagged: false, snoozed: false };
    const draft: DraftRecord = {
      id: state.newId(),
      conversation: conversation.id,
      type,
      author: me.id,
      ...fields,
      from_field: fromField,
      send_at: input.send_at ?? null,
      auto_followup: input.auto_followup ?? false,
      created_at: now,
      updated_at: now,
    };
    if (!input.send) return { drafts: renderDraft(state.insert('drafts', draft)) };
    // A sent draft becomes a message of the conversation, under the same id.
    fileMessage(state, conversation, {
      id: draft.id,
      conversation: conversation.id,
      type,
      ...fields,
      from_field: fromField,
      reply_to_fields: [],
      delivered_at: now,
      created_at: now,
      updated_at: now,
      email_message_id: type === 'email' ? messageIdFor(state) : null,
      ...threadAfter(previous),
      external_id: null,
      outgoing: true,
    });
    return { drafts: renderDraft(draft) };
  },

  deleteDraft({ params }, { state }) {
    const draft = mustFind(state, 'drafts', params.id);
    state.remove('drafts', draft.id);
    return { drafts: { id: draft.id, conversation: draft.conversation } };
  },

  createPost({ body: { posts: input } }, { state, notify }) {
    const changes = routingChanges(input);
    checkChanges(state, changes);
    const conversation = targetConversation(state, input, 'custom');
    // A post reopens a closed conversation unless told not to.
    const reopen = conversation.closed && input.reopen !== false && !input.close;
    for (const event of applyChanges(conversation, { ...changes, reopen: reopen || undefined }))
      notify(event);
    const now = state.now();
    const post = state.insert('posts', {
      id: state.newId(),
      conversation: conversation.id,
      created_at: now,
      username: input.username ?? null,
      username_icon: input.username_icon ?? null,
      text: input.text ?? null,
      markdown: input.markdown ?? null,
      notification: input.notification,
      attachments: input.attachments ?? [],
    });
    conversation.last_activity_at = now;
    return { posts: renderPost(post) };
  },

  deletePost({ params }, { state }) {
    const post = mustFind(state, 'posts', params.id);
    state.remove('posts', post.id);
    return { posts: { id: post.id, conversation: post.conversation } };
  },

  createMessage({ body: { messages: input } }, { state, notify }) {
    if (input.account !== CUSTOM_CHANNEL_ACCOUNT) {
      throw new HttpError(
        404,
        `account "${input.account}" was not found: the emulator's custom channel is "${CUSTOM_CHANNEL_ACCOUNT}"`,
      );
    }
    const changes = routingChanges(input);
    checkChanges(state, changes);
    const references = [
      ...(input.references ?? []),
      ...(input.external_id ? [input.external_id] : []),
    ];
    const conversation = targetConversation(state, { ...input, references }, 'custom');
    const now = state.now();
    const email = 'address' in input.from_field;
    const message = fileMessage(state, conversation, {
      id: state.newId(),
      conversation: conversation.id,
      type: email ? 'email' : 'custom',
      subject: input.subject ?? null,
      body: input.body ?? '',
      from_field: input.from_field,
      to_fields: input.to_fields ?? [],
      cc_fields: input.cc_fields ?? [],
      bcc_fields: input.bcc_fields ?? [],
      reply_to_fields: [],
      attachments: storeUploads(state, input.attachments),
      delivered_at: input.delivered_at ?? now,
      created_at: now,
      updated_at: now,
      email_message_id: email ? messageIdFor(state) : null,
      in_reply_to: [],
      references: [],
      external_id: input.external_id ?? null,
      outgoing: false,
    });
    for (const event of applyChanges(conversation, changes)) notify(event);
    if (email)
      notify({ type: 'incoming_email', conversation: conversation.id, message: message.id });
    return { messages: renderMessage(state, message, { withBody: true }) };
  },

  getMessages({ params }, { state }) {
    const messages = params.ids.map((id) => mustFind(state, 'messages', id));
    const rendered = messages.map((message) => renderMessage(state, message, { withBody: true }));
    return { messages: rendered.length === 1 && rendered[0] ? rendered[0] : rendered };
  },

  findMessagesByEmailId({ query }, { state }) {
    const wanted = bareReference(query.email_message_id);
    const found = state.data.messages
      .filter(
        (message) => message.email_message_id && bareReference(message.email_message_id) === wanted,
      )
      .sort((a, b) => b.delivered_at - a.delivered_at)
      .slice(0, 10);
    return { messages: found.map((message) => renderMessage(state, message, { withBody: true })) };
  },
} satisfies Partial<Handlers>;
