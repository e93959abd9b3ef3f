import type { z } from 'zod';
import type {
  conversationSchema,
  conversationUserSchema,
  commentSchema,
} from '@crm/shared/missive/conversations';
import type { contactSchema } from '@crm/shared/missive/contacts';
import type { messageSchema } from '@crm/shared/missive/messages';
import type { draftSchema } from '@crm/shared/missive/drafts';
import type { postSchema } from '@crm/shared/missive/posts';
import type { sharedLabelSchema } from '@crm/shared/missive/labels';
import type { taskSchema } from '@crm/shared/missive/tasks';
import type { cannedResponseSchema } from '@crm/shared/missive/responses';
import type { hookSchema } from '@crm/shared/missive/hooks';
import type {
  AddressField,
  CannedResponseRecord,
  CommentRecord,
  ContactRecord,
  ConversationRecord,
  DraftRecord,
  HookRecord,
  MessageRecord,
  PostRecord,
  SharedLabelRecord,
  TaskRecord,
  UserRecord,
} from './model';
import { publicFile } from './files';
import type { EmulatorState } from './state';

/**
 * Records to API answers. Everything Missive derives (counts, names, URLs,
 * per-user flags, label paths) is computed here from the records at read
 * time, so no write can leave a stale copy behind.
 */

type Out<S extends z.ZodType> = z.input<S>;

export function conversationUrl(id: string): { web_url: string; app_url: string } {
  const path = `mail.missiveapp.com/#inbox/conversations/${id}`;
  return { web_url: `https://${path}`, app_url: `missive://${path}` };
}

function renderConversationUser(
  conversation: ConversationRecord,
  user: UserRecord,
): Out<typeof conversationUserSchema> {
  const state = conversation.users[user.id] ?? { inbox: false, flagged: false, snoozed: false };
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    unassigned: conversation.assignees.length === 0,
    closed: conversation.closed,
    archived: !state.inbox && !conversation.closed && !conversation.trashed && !conversation.junked,
    trashed: conversation.trashed,
    junked: conversation.junked,
    assigned: conversation.assignees.includes(user.id),
    flagged: state.flagged,
    snoozed: state.snoozed,
  };
}

/** Each distinct sender, in the order they first wrote. */
export function conversationAuthors(messages: readonly MessageRecord[]): AddressField[] {
  const seen = new Set<string>();
  const authors: AddressField[] = [];
  for (const message of [...messages].sort((a, b) => a.delivered_at - b.delivered_at)) {
    const key = (
      message.from_field.address ??
      message.from_field.phone_number ??
      message.from_field.id ??
      ''
    ).toLowerCase();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const { name, address, phone_number } = message.from_field;
    authors.push({
      name: name ?? null,
      ...(address ? { address } : {}),
      ...(phone_number ? { phone_number } : {}),
    });
  }
  return authors;
}

export function latestMessage(
  state: EmulatorState,
  conversationId: string,
): MessageRecord | undefined {
  let latest: MessageRecord | undefined;
  for (const message of state.of('messages', conversationId)) {
    if (!latest || message.delivered_at >= latest.delivered_at) latest = message;
  }
  return latest;
}

export function renderConversation(
  state: EmulatorState,
  conversation: ConversationRecord,
): Out<typeof conversationSchema> {
  const messages = state.of('messages', conversation.id);
  const drafts = state.of('drafts', conversation.id);
  const tasks = state.of('tasks', conversation.id).filter((task) => task.subtask);
  const users = Object.keys(conversation.users)
    .map((id) => state.get('users', id))
    .filter((user): user is UserRecord => user !== undefined);
  const assignees = users.filter((user) => conversation.assignees.includes(user.id));
  const labels = conversation.shared_labels
    .map((id) => state.get('sharedLabels', id))
    .filter((label): label is SharedLabelRecord => label !== undefined);
  const organization = conversation.organization
    ? state.get('organizations', conversation.organization)
    : undefined;
  const team = conversation.team ? state.get('teams', conversation.team) : undefined;
  return {
    id: conversation.id,
    created_at: conversation.created_at,
    subject: conversation.subject,
    latest_message_subject: latestMessage(state, conversation.id)?.subject ?? null,
    organization: organization ? { id: organization.id, name: organization.name } : null,
    color: conversation.color,
    assignees: assignees.map((user) => renderConversationUser(conversation, user)),
    users: users.map((user) => renderConversationUser(conversation, user)),
    attachments_count: messages.reduce((sum, message) => sum + message.attachments.length, 0),
    messages_count: messages.length,
    authors: conversationAuthors(messages),
    drafts_count: drafts.filter((draft) => draft.send_at === null).length,
    send_later_messages_count: drafts.filter((draft) => draft.send_at !== null).length,
    tasks_count: tasks.length,
    completed_tasks_count: tasks.filter((task) => task.state === 'closed').length,
    ...conversationUrl(conversation.id),
    assignee_names: assignees.map((user) => user.name).join(', '),
    assignee_emails: assignees.map((user) => user.email).join(', '),
    shared_label_names: labels.map((label) => labelPath(state, label)).join(', '),
    last_activity_at: conversation.last_activity_at,
    team: team ? { id: team.id, name: team.name, organization: team.organization } : null,
    shared_labels: labels.map((label) => ({ id: label.id, name: label.name })),
  };
}

export function renderMessage(
  state: EmulatorState,
  message: MessageRecord,
  { withBody }: { withBody: boolean },
): Out<typeof messageSchema> {
  const conversation = state.get('conversations', message.conversation);
  return {
    id: message.id,
    subject: message.subject,
    preview: preview(message.body),
    type: message.type,
    delivered_at: message.delivered_at,
    updated_at: message.updated_at,
    created_at: message.created_at,
    email_message_id: message.email_message_id,
    in_reply_to: message.in_reply_to,
    references: message.references,
    from_field: message.from_field,
    to_fields: message.to_fields,
    cc_fields: message.cc_fields,
    bcc_fields: message.bcc_fields,
    reply_to_fields: message.reply_to_fields,
    attachments: message.attachments.map((file) => publicFile(state, file)),
    ...(message.external_id ? { external_id: message.external_id } : {}),
    ...(withBody ? { body: message.body } : {}),
    ...(withBody && conversation ? { conversation: renderConversation(state, conversation) } : {}),
  };
}

/** Missive's preview: the start of the text without markup. */
export function preview(html: string): string {
  const text = html
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

export function renderComment(
  state: EmulatorState,
  comment: CommentRecord,
): Out<typeof commentSchema> {
  const author = state.get('users', comment.author);
  const person = (id: string) => {
    const user = state.get('users', id);
    return { id, name: user?.name ?? 'Former user', email: user?.email ?? '' };
  };
  return {
    id: comment.id,
    body: comment.body,
    mentions: comment.mentions.map((id) => ({ id })),
    created_at: comment.created_at,
    attachment: comment.attachment && publicFile(state, comment.attachment),
    task: comment.task ? { ...comment.task, assignees: comment.task.assignees.map(person) } : null,
    author: { ...person(comment.author), avatar_url: author?.avatar_url ?? null },
  };
}

export function renderContact(
  state: EmulatorState,
  contact: ContactRecord,
  { embed }: { embed: boolean },
): Out<typeof contactSchema> {
  const { infos, memberships, deleted: _deleted, ...attributes } = contact;
  const renderedMemberships = memberships.flatMap(({ group: groupId, ...fields }) => {
    const group = state.get('contactGroups', groupId);
    return group
      ? [{ ...fields, group: { id: group.id, kind: group.kind, name: group.name } }]
      : [];
  });
  return {
    ...attributes,
    deleted: false,
    // Lists leave out empty arrays, as in the reference's list example.
    ...(embed || infos.length ? { infos } : {}),
    ...(embed || renderedMemberships.length ? { memberships: renderedMemberships } : {}),
  };
}

export function renderDraft(draft: DraftRecord): Out<typeof draftSchema> {
  const { author: _author, ...fields } = draft;
  return { ...fields, preview: preview(draft.body) };
}

export function renderPost(post: PostRecord): Out<typeof postSchema> {
  return { ...post };
}

/** "Billing/Refunds/Approved": the label's name after its parents'. */
export function labelPath(state: EmulatorState, label: SharedLabelRecord): string {
  const names = [label.name];
  const seen = new Set([label.id]);
  let parent = label.parent ? state.get('sharedLabels', label.parent) : undefined;
  while (parent && !seen.has(parent.id)) {
    names.unshift(parent.name);
    seen.add(parent.id);
    parent = parent.parent ? state.get('sharedLabels', parent.parent) : undefined;
  }
  return names.join('/');
}

export function renderLabel(
  state: EmulatorState,
  label: SharedLabelRecord,
): Out<typeof sharedLabelSchema> {
  return { ...label, name_with_parent_names: labelPath(state, label) };
}

export function renderTask(task: TaskRecord): Out<typeof taskSchema> {
  return { ...task };
}

export function renderResponse(response: CannedResponseRecord): Out<typeof cannedResponseSchema> {
  return { ...response };
}

export function renderHook(
  hook: HookRecord,
  { withSecret }: { withSecret: boolean },
): Out<typeof hookSchema> {
  const { secret, consecutive_failures: _failures, disabled: _disabled, ...fields } = hook;
  return { ...fields, ...(withSecret ? { secret } : {}) };
}
