import type { CountryCode } from 'libphonenumber-js';
import type { Contact } from '@crm/shared/missive/contacts';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { Task } from '@crm/shared/missive/tasks';
import type { SyncObject } from '@crm/shared/sync';
import type { RecordWrite } from '../store/mirror-store';
import { contactHandles, conversationParticipants, type MessagePeople } from './handles';

/**
 * Missive's records as the mirror stores them: the record whole, with what
 * it is found by. Every path into the mirror (sync pages, webhook refreshes,
 * write-through) builds its writes here, so they index alike.
 */

export function contactWrite(
  contact: Contact,
  syncedAt: number,
  region?: CountryCode,
): RecordWrite {
  return {
    kind: 'contacts',
    id: contact.id,
    parentId: contact.contact_book,
    data: contact,
    activityAt: contact.modified_at,
    syncedAt,
    contact: contactHandles(contact, region),
  };
}

export function conversationWrite(
  conversation: Conversation,
  syncedAt: number,
  {
    region,
    message,
  }: { region?: CountryCode | undefined; message?: MessagePeople | undefined } = {},
): RecordWrite {
  return {
    kind: 'conversations',
    id: conversation.id,
    parentId: null,
    data: conversation,
    activityAt: activityOf(conversation),
    syncedAt,
    participants: {
      rows: conversationParticipants(conversation, message, region),
      recipientsKnown: message !== undefined,
    },
  };
}

/** Missive documents last_activity_at on every conversation; the schema tolerates its absence. */
export function activityOf(conversation: Conversation): number {
  return conversation.last_activity_at ?? conversation.created_at ?? 0;
}

export function taskWrite(task: Task, syncedAt: number): RecordWrite {
  return {
    kind: 'tasks',
    id: task.id,
    parentId: task.conversation,
    data: task,
    activityAt: task.last_activity_at,
    syncedAt,
  };
}

/** Records kept whole and found by id only: books, groups, labels, people, responses. */
export function plainWrite(
  kind: SyncObject,
  record: { id: string },
  syncedAt: number,
  parentId: string | null = null,
): RecordWrite {
  return { kind, id: record.id, parentId, data: record, activityAt: null, syncedAt };
}
