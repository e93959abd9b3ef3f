import { randomUUID } from 'node:crypto';
import type { EmulatorData } from './model';

type Collection = keyof EmulatorData;
type RecordOf<C extends Collection> = EmulatorData[C][number];

/** Records that belong to a conversation, indexed by it for paging and counts. */
const perConversation = ['messages', 'comments', 'drafts', 'posts', 'tasks'] as const;
type PerConversation = (typeof perConversation)[number];

/**
 * The emulator's data with id indexes. Every change goes through insert or
 * remove so the indexes cannot fall out of step with the arrays.
 */
export class EmulatorState {
  readonly data: EmulatorData;
  /** The bytes of files uploaded with drafts and messages, by attachment id (see files.ts). */
  readonly uploads = new Map<string, Buffer>();
  /** Where the emulator serves files once it listens, e.g. http://127.0.0.1:4010/files. */
  filesOrigin: string | undefined;
  private readonly clock: () => number;
  private readonly byId = new Map<Collection, Map<string, { id: string }>>();
  private readonly byConversation = new Map<
    PerConversation,
    Map<string, { id: string; conversation: string }[]>
  >();

  constructor(data: EmulatorData, clock: () => number = Date.now) {
    this.data = data;
    this.clock = clock;
    for (const key of Object.keys(data) as Collection[]) {
      const index = new Map<string, { id: string }>();
      for (const record of data[key]) index.set(record.id, record);
      this.byId.set(key, index);
    }
    for (const key of perConversation) {
      const index = new Map<string, { id: string; conversation: string }[]>();
      for (const record of data[key]) pushTo(index, record.conversation, record);
      this.byConversation.set(key, index);
    }
  }

  /** Now in Unix seconds, as Missive's timestamps are. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  nowMs(): number {
    return this.clock();
  }

  newId(): string {
    return randomUUID();
  }

  get<C extends Collection>(collection: C, id: string): RecordOf<C> | undefined {
    // The index for `collection` holds only that collection's records.
    return this.index(collection).get(id) as RecordOf<C> | undefined;
  }

  insert<C extends Collection>(collection: C, record: RecordOf<C>): RecordOf<C> {
    (this.data[collection] as RecordOf<C>[]).push(record);
    this.index(collection).set(record.id, record);
    if (isPerConversation(collection) && 'conversation' in record) {
      pushTo(this.conversationIndex(collection), record.conversation, record);
    }
    return record;
  }

  remove(collection: Collection, id: string): void {
    const list: { id: string }[] = this.data[collection];
    const at = list.findIndex((record) => record.id === id);
    if (at === -1) return;
    const [record] = list.splice(at, 1);
    this.index(collection).delete(id);
    if (record && isPerConversation(collection)) {
      for (const siblings of this.conversationIndex(collection).values()) {
        const position = siblings.findIndex((sibling) => sibling.id === id);
        if (position !== -1) siblings.splice(position, 1);
      }
    }
  }

  /** Moves a record filed under one conversation to another (merges). */
  refile<C extends PerConversation>(
    collection: C,
    record: RecordOf<C>,
    conversation: string,
  ): void {
    const index = this.conversationIndex(collection);
    const siblings = index.get(record.conversation);
    if (siblings) siblings.splice(siblings.indexOf(record), 1);
    record.conversation = conversation;
    pushTo(index, conversation, record);
  }

  of<C extends PerConversation>(collection: C, conversation: string): readonly RecordOf<C>[] {
    return (this.conversationIndex(collection).get(conversation) ?? []) as RecordOf<C>[];
  }

  me(): EmulatorData['users'][number] {
    const me = this.data.users.find((user) => user.me);
    if (!me) throw new Error('the emulator data has no user with me: true');
    return me;
  }

  private index(collection: Collection): Map<string, { id: string }> {
    const index = this.byId.get(collection);
    if (!index) throw new Error(`no index for ${collection}`);
    return index;
  }

  private conversationIndex(
    collection: PerConversation,
  ): Map<string, { id: string; conversation: string }[]> {
    const index = this.byConversation.get(collection);
    if (!index) throw new Error(`no conversation index for ${collection}`);
    return index;
  }
}

function isPerConversation(collection: Collection): collection is PerConversation {
  return (perConversation as readonly string[]).includes(collection);
}

function pushTo<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}
