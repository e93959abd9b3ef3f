import type { z } from 'zod';
import {
  windowConversationSchema,
  type windowMessageSchema,
  type windowUserSchema,
  type WindowConversation,
} from '@crm/shared/emulator-control';
import type { ConversationRecord, MessageRecord, UserRecord } from '../model';
import type { EmulatorState } from '../state';
import { conversationAuthors, conversationUrl, latestMessage, preview } from '../views';

/**
 * Conversations as Missive's window hands them to an iFrame through
 * `Missive.fetchConversations(ids, fields)` (javascript-api.md): the same
 * records as the REST views, in the window's shape, at no cost to the token.
 */

type Out<S extends z.ZodType> = z.input<S>;

function windowUser(user: UserRecord): Out<typeof windowUserSchema> {
  const [first, ...rest] = user.name.split(' ');
  return {
    id: user.id,
    email: user.email,
    first_name: first ?? null,
    last_name: rest.length ? rest.join(' ') : null,
    display_name: user.name,
    avatar_url: user.avatar_url,
    me: user.me,
  };
}

function windowMessage(message: MessageRecord): Out<typeof windowMessageSchema> {
  return {
    id: message.id,
    subject: message.subject,
    preview: preview(message.body),
    body: message.body,
    delivered_at: message.delivered_at,
    from_field: message.from_field,
    to_fields: message.to_fields,
    cc_fields: message.cc_fields,
    bcc_fields: message.bcc_fields,
    attachments: message.attachments,
  };
}

/** Everyone on any message, once each, as `Missive.getEmailAddresses` and `getPhoneNumbers` list them. */
function participants(messages: readonly MessageRecord[]) {
  const emails = new Map<string, { address: string; name: string | null }>();
  const phones = new Map<string, { phone_number: string; name: string | null }>();
  for (const message of messages) {
    for (const field of [
      message.from_field,
      ...message.to_fields,
      ...message.cc_fields,
      ...message.bcc_fields,
    ]) {
      const name = field.name ?? null;
      if (field.address && !emails.has(field.address.toLowerCase()))
        emails.set(field.address.toLowerCase(), { address: field.address, name });
      if (field.phone_number && !phones.has(field.phone_number))
        phones.set(field.phone_number, { phone_number: field.phone_number, name });
    }
  }
  return { email_addresses: [...emails.values()], phone_numbers: [...phones.values()] };
}

export function renderWindowConversation(
  state: EmulatorState,
  conversation: ConversationRecord,
): Out<typeof windowConversationSchema> {
  const messages = [...state.of('messages', conversation.id)].sort(
    (a, b) => a.delivered_at - b.delivered_at,
  );
  const latest = latestMessage(state, conversation.id);
  const users = Object.keys(conversation.users)
    .map((id) => state.get('users', id))
    .filter((user): user is UserRecord => user !== undefined);
  return {
    id: conversation.id,
    subject: conversation.subject ?? latest?.subject ?? null,
    color: conversation.color,
    link: conversationUrl(conversation.id).web_url,
    messages_count: messages.length,
    users: users.map(windowUser),
    assignees: users.filter((user) => conversation.assignees.includes(user.id)).map(windowUser),
    authors: conversationAuthors(messages),
    labels: conversation.shared_labels.flatMap((id) => {
      const label = state.get('sharedLabels', id);
      return label ? [{ id: label.id, name: label.name, parent_id: label.parent }] : [];
    }),
    ...participants(messages),
    messages: messages.map(windowMessage),
    latest_message: latest ? windowMessage(latest) : null,
  };
}

// --- fields ------------------------------------------------------------------

type Path = readonly string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps the paths (and every object's id); arrays are projected item by item. */
function keep(value: unknown, paths: readonly Path[]): unknown {
  if (paths.some((path) => path.length === 0)) return value;
  if (Array.isArray(value)) return value.map((item) => keep(item, paths));
  if (!isRecord(value)) return value;
  const kept: Record<string, unknown> = 'id' in value ? { id: value.id } : {};
  for (const [key, child] of Object.entries(value)) {
    const below = paths.filter((path) => path[0] === key).map((path) => path.slice(1));
    if (below.length) kept[key] = keep(child, below);
  }
  return kept;
}

function drop(value: unknown, path: Path): unknown {
  if (Array.isArray(value)) return value.map((item) => drop(item, path));
  if (!isRecord(value)) return value;
  const [key, ...rest] = path;
  if (key === undefined || !(key in value)) return value;
  const { [key]: child, ...others } = value;
  return rest.length ? { ...others, [key]: drop(child, rest) } : others;
}

/**
 * Applies `fetchConversations`' field list: named fields are kept (ids
 * always), `!`-prefixed ones left out, dotted paths reaching into nested
 * objects and arrays. The result is read back through the shared schema.
 */
export function selectFields(
  conversation: Out<typeof windowConversationSchema>,
  fields: readonly string[] | undefined,
): WindowConversation {
  const paths = (fields ?? []).map((field) => ({
    exclude: field.startsWith('!'),
    path: field.replace(/^!/, '').split('.'),
  }));
  const kept = paths.filter((field) => !field.exclude).map((field) => field.path);
  let selected: unknown = kept.length ? keep(conversation, kept) : conversation;
  for (const field of paths) if (field.exclude) selected = drop(selected, field.path);
  return windowConversationSchema.parse(selected);
}
