import { badRequest, HttpError, notFound } from '../http/http-error';
import type { ContactRecord, ConversationRecord, EmulatorData } from './model';
import type { EmulatorState } from './state';

type Collection = keyof EmulatorData;

const names: Record<Collection, string> = {
  organizations: 'organization',
  users: 'user',
  teams: 'team',
  sharedLabels: 'shared label',
  contactBooks: 'contact book',
  contactGroups: 'contact group',
  contacts: 'contact',
  conversations: 'conversation',
  messages: 'message',
  comments: 'comment',
  drafts: 'draft',
  posts: 'post',
  responses: 'response',
  tasks: 'task',
  hooks: 'hook',
  reports: 'report',
};

/** The record the path names: 404 when it does not exist. */
export function mustFind<C extends Collection>(
  state: EmulatorState,
  collection: C,
  id: string,
): EmulatorData[C][number] {
  const record = state.get(collection, id);
  if (!record) throw notFound(names[collection], id);
  return record;
}

/** A contact that still exists: Missive answers 404 for a deleted one, as for one never made. */
export function findLiveContact(state: EmulatorState, id: string): ContactRecord {
  const contact = mustFind(state, 'contacts', id);
  if (contact.deleted) throw notFound('contact', id);
  return contact;
}

/** Ids a body refers to: 400, since the request itself is wrong. */
export function mustExist(
  state: EmulatorState,
  collection: Collection,
  ids: string | readonly string[] | null | undefined,
  field: string,
): void {
  const named = ids === null || ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  const unknown = named.filter((id) => !state.get(collection, id));
  if (unknown.length) {
    throw badRequest(
      `${field}: no ${names[collection]} with id ${unknown.map((id) => `"${id}"`).join(', ')}`,
    );
  }
}

/** A merged conversation keeps answering under its old id, with the survivor. */
export function findConversation(state: EmulatorState, id: string): ConversationRecord {
  let conversation = mustFind(state, 'conversations', id);
  const seen = new Set<string>();
  while (conversation.merged_into && !seen.has(conversation.id)) {
    seen.add(conversation.id);
    conversation = mustFind(state, 'conversations', conversation.merged_into);
  }
  return conversation;
}

/**
 * Batch writes name their ids twice, in the path and in the body; Missive
 * applies an item only when both agree, so a mismatch is refused whole.
 */
export function matchBatch(pathIds: readonly string[], items: readonly { id: string }[]): void {
  const bodyIds = items.map((item) => item.id);
  const missing = pathIds.filter((id) => !bodyIds.includes(id));
  const extra = bodyIds.filter((id) => !pathIds.includes(id));
  if (missing.length || extra.length || new Set(bodyIds).size !== bodyIds.length) {
    throw new HttpError(
      400,
      `the ids in the path (${pathIds.join(', ')}) and in the body (${bodyIds.join(', ')}) must be the same`,
    );
  }
}

/** Missive accepts references with or without the chevrons of a Message-ID. */
export function bareReference(reference: string): string {
  return reference.trim().replace(/^<|>$/g, '');
}
