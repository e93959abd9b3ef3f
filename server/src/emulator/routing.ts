import type { ConversationUpdateItem } from '@crm/shared/missive/conversations';
import type { EmulatorEvent } from './handler';
import { bareReference, findConversation, mustExist } from './lookup';
import type { Channel, ConversationRecord, TeamRecord } from './model';
import type { EmulatorState } from './state';

/** The conversation changes a PATCH, a draft, a post or a message may carry. */
export type ConversationChanges = Omit<ConversationUpdateItem, 'id'> & {
  conversation_color?: string;
  /** No API call asks for it: a message from outside wakes a snoozed conversation. */
  unsnooze?: boolean;
};

interface Placement {
  conversation?: string | undefined;
  references?: string[] | undefined;
  organization?: string | undefined;
  conversation_subject?: string | undefined;
}

/**
 * The conversation a draft, post, message or subtask names: by id, else the
 * first one that knows any of the references (scoped to `organization`).
 */
export function findPlacement(
  state: EmulatorState,
  input: Placement,
): ConversationRecord | undefined {
  if (input.conversation) return findConversation(state, input.conversation);
  for (const reference of input.references ?? []) {
    const wanted = bareReference(reference);
    const found = state.data.conversations.find(
      (conversation) =>
        !conversation.merged_into &&
        (!input.organization || conversation.organization === input.organization) &&
        conversation.references.some((known) => bareReference(known) === wanted),
    );
    if (found) return found;
  }
  return undefined;
}

/** Where it goes: the named conversation, or a new one when none matches. */
export function targetConversation(
  state: EmulatorState,
  input: Placement,
  channel: Channel,
): ConversationRecord {
  return findPlacement(state, input) ?? createConversation(state, input, channel);
}

/**
 * A new conversation. What the token owner writes is theirs, in their Inbox;
 * what arrives for a team sits in the team's inbox and in nobody's own Inbox
 * until assigned, as the seed's conversations do.
 */
export function createConversation(
  state: EmulatorState,
  input: Placement,
  channel: Channel,
  team: TeamRecord | null = null,
): ConversationRecord {
  const now = state.now();
  const users = team ? team.members : [state.me().id];
  return state.insert('conversations', {
    id: state.newId(),
    created_at: now,
    subject: input.conversation_subject ?? null,
    color: null,
    organization: input.organization ?? team?.organization ?? null,
    team: team?.id ?? null,
    team_inbox: team !== null,
    assignees: [],
    users: Object.fromEntries(
      users.map((id) => [id, { inbox: team === null, flagged: false, snoozed: false }]),
    ),
    shared_labels: [],
    closed: false,
    trashed: false,
    junked: false,
    channel,
    references: (input.references ?? []).map(bareReference),
    merged_into: null,
    last_activity_at: now,
  });
}

/** Refuses changes that name unknown records, before anything is changed. */
export function checkChanges(state: EmulatorState, changes: ConversationChanges): void {
  mustExist(state, 'organizations', changes.organization, 'organization');
  mustExist(state, 'teams', changes.team, 'team');
  mustExist(state, 'users', changes.add_users, 'add_users');
  mustExist(state, 'users', changes.add_assignees, 'add_assignees');
  mustExist(state, 'users', changes.remove_assignees, 'remove_assignees');
  mustExist(state, 'sharedLabels', changes.add_shared_labels, 'add_shared_labels');
  mustExist(state, 'sharedLabels', changes.remove_shared_labels, 'remove_shared_labels');
}

/**
 * Applies checked changes and says which webhook events they amount to.
 * Closing and moving apply to everyone with access, as Missive documents.
 */
export function applyChanges(
  conversation: ConversationRecord,
  changes: ConversationChanges,
): EmulatorEvent[] {
  // Labels and everything else are told apart: they are separate rule types.
  const snapshot = () => JSON.stringify({ ...conversation, shared_labels: null });
  const before = snapshot();
  const labelsBefore = conversation.shared_labels.join();
  const grant = (userId: string) => {
    conversation.users[userId] ??= { inbox: !conversation.closed, flagged: false, snoozed: false };
  };
  if (changes.subject !== undefined) conversation.subject = changes.subject;
  if (changes.color !== undefined) conversation.color = changes.color;
  if (changes.conversation_color !== undefined) conversation.color = changes.conversation_color;
  if (changes.organization) conversation.organization = changes.organization;
  if (changes.team && (!conversation.team || changes.force_team)) conversation.team = changes.team;
  for (const id of changes.add_users ?? []) grant(id);
  for (const id of changes.add_assignees ?? []) {
    grant(id);
    if (!conversation.assignees.includes(id)) conversation.assignees.push(id);
  }
  if (changes.remove_assignees) {
    conversation.assignees = conversation.assignees.filter(
      (id) => !changes.remove_assignees?.includes(id),
    );
  }
  for (const id of changes.add_shared_labels ?? []) {
    if (!conversation.shared_labels.includes(id)) conversation.shared_labels.push(id);
  }
  if (changes.remove_shared_labels) {
    conversation.shared_labels = conversation.shared_labels.filter(
      (id) => !changes.remove_shared_labels?.includes(id),
    );
  }
  if (changes.unsnooze) {
    for (const state of Object.values(conversation.users)) state.snoozed = false;
  }
  if (changes.add_to_inbox || changes.reopen) {
    conversation.closed = false;
    for (const state of Object.values(conversation.users)) state.inbox = true;
  }
  if (changes.add_to_team_inbox) {
    conversation.closed = false;
    conversation.team_inbox = true;
  }
  if (changes.close) {
    conversation.closed = true;
    conversation.team_inbox = false;
    for (const state of Object.values(conversation.users)) state.inbox = false;
  }
  const events: EmulatorEvent[] = [];
  if (conversation.shared_labels.join() !== labelsBefore) {
    events.push({ type: 'label_change', conversation: conversation.id });
  }
  if (snapshot() !== before)
    events.push({ type: 'conversation_change', conversation: conversation.id });
  return events;
}
