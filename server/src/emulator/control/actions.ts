import type {
  ContactEditBody,
  IncomingMessageBody,
  LabelChangeBody,
} from '@crm/shared/emulator-control';
import { badRequest } from '../../http/http-error';
import type { HandlerContext } from '../handler';
import { updateContact } from '../handlers/contacts';
import { fileMessage, messageIdFor, threadAfter } from '../handlers/content';
import { findConversation, findLiveContact, mustExist, mustFind } from '../lookup';
import type { AddressField, ContactRecord, ConversationRecord, MessageRecord } from '../model';
import { applyChanges, checkChanges, createConversation } from '../routing';
import { latestMessage } from '../views';

/**
 * What people do in Missive's own window, applied to the emulator's state
 * through the same helpers as the API's handlers, and announced to webhook
 * rules through the same `notify`. The control routes and the simulated
 * activity both act through these, so a change made either way is the same.
 */

export function editContact(
  { state }: HandlerContext,
  id: string,
  changes: ContactEditBody,
): ContactRecord {
  const contact = findLiveContact(state, id);
  updateContact(state, contact, changes);
  return contact;
}

/**
 * Missive forgets a deleted contact's data; `modified_since` with
 * `include_deleted` still lists it, as `{id, deleted, modified_at}`.
 * Missive has no webhook rule for contacts, so nobody is notified.
 */
export function deleteContact({ state }: HandlerContext, id: string): ContactRecord {
  const contact = findLiveContact(state, id);
  contact.deleted = true;
  contact.modified_at = state.now();
  return contact;
}

/** Labelling from the window touches nothing else: no activity, no reopening. */
export function changeLabels(
  { state, notify }: HandlerContext,
  id: string,
  changes: LabelChangeBody,
): ConversationRecord {
  const conversation = findConversation(state, id);
  checkChanges(state, changes);
  for (const event of applyChanges(conversation, changes)) notify(event);
  return conversation;
}

/**
 * A message from outside. An existing conversation moves to the top of its
 * mailboxes, back into the Inbox (reopened, woken from snooze) as Missive
 * does; a new one starts in the team's inbox, or in the token owner's own
 * (in `organization` if named).
 */
export function receiveMessage(
  { state, notify }: HandlerContext,
  input: IncomingMessageBody,
): MessageRecord {
  const existing = input.conversation ? findConversation(state, input.conversation) : undefined;
  mustExist(state, 'teams', input.team, 'team');
  mustExist(state, 'organizations', input.organization, 'organization');
  const team = input.team ? mustFind(state, 'teams', input.team) : null;
  const byPhone = 'phone_number' in input.from_field;
  const channel =
    input.channel ?? (!byPhone ? 'email' : existing?.channel === 'whatsapp' ? 'whatsapp' : 'sms');
  const previous = existing ? latestMessage(state, existing.id) : undefined;
  const to = input.to_fields ?? (previous ? ourSide(previous) : undefined);
  if (!to) {
    throw badRequest('to_fields: the conversation has no message to answer; name the recipients');
  }
  const placement = { organization: input.organization };
  const conversation = existing ?? createConversation(state, placement, channel, team);
  const now = state.now();
  const email = channel === 'email';
  const message = fileMessage(state, conversation, {
    id: state.newId(),
    conversation: conversation.id,
    type: channel,
    subject: email ? (input.subject ?? replySubject(previous)) : null,
    body: input.body,
    from_field: input.from_field,
    to_fields: to,
    cc_fields: input.cc_fields ?? [],
    bcc_fields: [],
    reply_to_fields: [],
    attachments: [],
    delivered_at: now,
    created_at: now,
    updated_at: now,
    email_message_id: email ? messageIdFor(state) : null,
    ...threadAfter(email ? previous : undefined),
    external_id: null,
    outgoing: false,
  });
  if (existing) {
    const changes = {
      add_to_inbox: true,
      add_to_team_inbox: existing.team !== null,
      unsnooze: true,
    };
    for (const event of applyChanges(existing, changes)) notify(event);
  }
  // Missive's rules hear of incoming email; it has no rule type for texts.
  if (email) notify({ type: 'incoming_email', conversation: conversation.id, message: message.id });
  return message;
}

/** The organisation's side of a message: who a reply from outside goes to. */
function ourSide(message: MessageRecord): AddressField[] {
  const fields = message.outgoing ? [message.from_field] : message.to_fields;
  return fields.map((field) => ({ ...field }));
}

function replySubject(previous: MessageRecord | undefined): string | null {
  const subject = previous?.subject;
  return subject ? `Re: ${subject.replace(/^re:\s*/i, '')}` : null;
}
