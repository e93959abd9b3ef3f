import type { ConversationListQuery } from '@crm/shared/missive/conversations';
import { HttpError } from '../../http/http-error';
import type { Handlers } from '../handler';
import { findConversation, matchBatch } from '../lookup';
import type { ConversationRecord } from '../model';
import { pageByTime } from '../paging';
import { applyChanges, checkChanges } from '../routing';
import type { EmulatorState } from '../state';
import {
  renderComment,
  renderConversation,
  renderDraft,
  renderMessage,
  renderPost,
} from '../views';

/** Whether a conversation is in the mailbox the query names, for the token owner. */
function inMailbox(
  state: EmulatorState,
  conversation: ConversationRecord,
  query: ConversationListQuery,
): boolean {
  const me = state.me().id;
  const mine = conversation.users[me];
  const live = !conversation.trashed && !conversation.junked;
  if (query.shared_label) return live && conversation.shared_labels.includes(query.shared_label);
  if (query.team_inbox)
    return (
      live &&
      conversation.team === query.team_inbox &&
      conversation.team_inbox &&
      !conversation.closed
    );
  if (query.team_closed)
    return live && conversation.team === query.team_closed && conversation.closed;
  if (query.team_all) return live && conversation.team === query.team_all;
  if (!mine) return false;
  if (query.organization && conversation.organization !== query.organization) return false;
  if (query.inbox) return live && mine.inbox && !mine.snoozed && !conversation.closed;
  if (query.all) return live;
  if (query.assigned) return live && conversation.assignees.includes(me) && !conversation.closed;
  if (query.closed) return live && conversation.closed;
  if (query.snoozed) return live && mine.snoozed;
  if (query.flagged) return live && mine.flagged;
  if (query.trashed) return conversation.trashed;
  if (query.junked) return conversation.junked;
  return state.of('drafts', conversation.id).some((draft) => draft.author === me);
}

/** Lower-cased addresses and phone numbers of everyone who wrote or was written to. */
function participants(state: EmulatorState, conversation: ConversationRecord): Set<string> {
  const found = new Set<string>();
  for (const message of state.of('messages', conversation.id)) {
    for (const field of [
      message.from_field,
      ...message.to_fields,
      ...message.cc_fields,
      ...message.bcc_fields,
    ]) {
      if (field.address) found.add(field.address.toLowerCase());
      if (field.phone_number) found.add(digits(field.phone_number));
    }
  }
  return found;
}

function digits(phone: string): string {
  return `+${phone.replace(/\D/g, '')}`;
}

/** The contact filters: `email`, `domain` or `contact_organization` (a contact group). */
function contactFilter(
  state: EmulatorState,
  query: ConversationListQuery,
): ((conversation: ConversationRecord) => boolean) | undefined {
  if (query.email) {
    const email = query.email.toLowerCase();
    return (conversation) => participants(state, conversation).has(email);
  }
  if (query.domain) {
    const suffix = `@${query.domain.toLowerCase()}`;
    return (conversation) =>
      [...participants(state, conversation)].some((address) => address.endsWith(suffix));
  }
  if (query.contact_organization) {
    const group = query.contact_organization;
    const handles = new Set<string>();
    for (const contact of state.data.contacts) {
      if (contact.deleted || !contact.memberships.some((membership) => membership.group === group))
        continue;
      for (const info of contact.infos) {
        if (info.kind === 'email') handles.add(info.value.toLowerCase());
        if (info.kind === 'phone_number') handles.add(digits(info.value));
      }
    }
    return (conversation) =>
      [...participants(state, conversation)].some((handle) => handles.has(handle));
  }
  return undefined;
}

export const conversationHandlers = {
  listConversations({ query }, { state }) {
    const byContact = contactFilter(state, query);
    const matching = state.data.conversations.filter(
      (conversation) =>
        !conversation.merged_into &&
        inMailbox(state, conversation, query) &&
        (!byContact || byContact(conversation)),
    );
    const page = pageByTime(matching, (conversation) => conversation.last_activity_at, {
      until: query.until,
      limit: query.limit ?? 25,
    });
    return { conversations: page.map((conversation) => renderConversation(state, conversation)) };
  },

  getConversation({ params }, { state }) {
    return { conversations: [renderConversation(state, findConversation(state, params.id))] };
  },

  updateConversations({ params, body }, { state, notify }) {
    matchBatch(params.ids, body.conversations);
    // Everything is checked first so that a batch is applied whole or not at all.
    const targets = body.conversations.map(({ id, ...changes }) => {
      checkChanges(state, changes);
      return { conversation: findConversation(state, id), changes };
    });
    for (const { conversation, changes } of targets) {
      for (const event of applyChanges(conversation, changes)) notify(event);
    }
    return {
      conversations: targets.map(({ conversation }) => renderConversation(state, conversation)),
    };
  },

  mergeConversations({ params, body }, { state, notify }) {
    const source = findConversation(state, params.id);
    const target = findConversation(state, body.target);
    if (source.id === target.id)
      throw new HttpError(400, 'target: a conversation cannot be merged into itself');
    for (const collection of ['messages', 'comments', 'drafts', 'posts', 'tasks'] as const) {
      for (const record of [...state.of(collection, source.id)])
        state.refile(collection, record, target.id);
    }
    for (const [user, where] of Object.entries(source.users)) target.users[user] ??= where;
    target.assignees = [...new Set([...target.assignees, ...source.assignees])];
    target.shared_labels = [...new Set([...target.shared_labels, ...source.shared_labels])];
    target.references = [...new Set([...target.references, ...source.references])];
    target.last_activity_at = Math.max(target.last_activity_at, source.last_activity_at);
    target.created_at = Math.min(target.created_at, source.created_at);
    source.merged_into = target.id;
    notify({ type: 'conversation_change', conversation: target.id });
    return { conversations: [renderConversation(state, target)] };
  },

  listConversationMessages({ params, query }, { state }) {
    const conversation = findConversation(state, params.id);
    const page = pageByTime(
      state.of('messages', conversation.id),
      (message) => message.delivered_at,
      {
        until: query.until,
        limit: query.limit ?? 10,
      },
    );
    return { messages: page.map((message) => renderMessage(state, message, { withBody: false })) };
  },

  listConversationComments({ params, query }, { state }) {
    const conversation = findConversation(state, params.id);
    const page = pageByTime(
      state.of('comments', conversation.id),
      (comment) => comment.created_at,
      {
        until: query.until,
        limit: query.limit ?? 10,
      },
    );
    return { comments: page.map((comment) => renderComment(state, comment)) };
  },

  listConversationDrafts({ params, query }, { state }) {
    const conversation = findConversation(state, params.id);
    const page = pageByTime(state.of('drafts', conversation.id), (draft) => draft.created_at, {
      until: query.until,
      limit: query.limit ?? 10,
    });
    return { drafts: page.map(renderDraft) };
  },

  listConversationPosts({ params, query }, { state }) {
    const conversation = findConversation(state, params.id);
    const page = pageByTime(state.of('posts', conversation.id), (post) => post.created_at, {
      until: query.until,
      limit: query.limit ?? 10,
    });
    return { posts: page.map(renderPost) };
  },
} satisfies Partial<Handlers>;
