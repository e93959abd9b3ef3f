import type { Generated, Kysely, Transaction } from 'kysely';
import type { SyncObject, SyncState } from '@crm/shared/sync';
import type { ContactSearch } from './contact-search';
import type { Database } from './kysely-store';

/**
 * The tables of the mirror of Missive and the only code that reads or writes
 * them. Records are kept whole as Missive's JSON; beside them, index tables
 * answer the questions a sidebar asks (who has this email or phone, who else
 * wrote to us) without parsing every record. Plain SQL through kysely, so the
 * same code runs on SQLite and PostgreSQL; the full-text search is the one
 * piece each engine does its own way, passed in (contact-search.ts).
 */

export interface MirrorRecordsTable {
  kind: SyncObject;
  id: string;
  parent_id: string | null;
  data: string;
  activity_at: number | null;
  synced_at: number;
  stale: Generated<number>;
}

export interface MirrorContactEmailsTable {
  contact_id: string;
  email: string;
}

export interface MirrorContactPhonesTable {
  contact_id: string;
  phone: string;
}

export interface MirrorContactTextTable {
  search_id: Generated<number>;
  contact_id: string;
  body: string;
}

export interface MirrorParticipantsTable {
  conversation_id: string;
  address: string;
  kind: 'email' | 'phone';
  role: 'author' | 'recipient';
  name: string | null;
  last_activity_at: number;
}

export interface MirrorConversationAliasesTable {
  old_id: string;
  new_id: string;
  merged_at: number;
}

export interface MirrorSyncStateTable {
  object: SyncObject;
  scope: string;
  state: SyncState;
  reason: string | null;
  failures: Generated<number>;
  retry_at: number | null;
  cursor: string | null;
  checkpoint: number | null;
  last_success_at: number | null;
  confirmed_at: number | null;
  calls: Generated<number>;
}

export interface MirrorThreadsTable {
  endpoint: string;
  conversation_id: string;
  query: string;
  version: string;
  data: string;
  fetched_at: number;
}

export interface MirrorMetaTable {
  key: string;
  value: string;
}

export interface MirrorTables {
  mirror_meta: MirrorMetaTable;
  mirror_records: MirrorRecordsTable;
  mirror_contact_emails: MirrorContactEmailsTable;
  mirror_contact_phones: MirrorContactPhonesTable;
  mirror_contact_text: MirrorContactTextTable;
  mirror_participants: MirrorParticipantsTable;
  mirror_conversation_aliases: MirrorConversationAliasesTable;
  mirror_sync_state: MirrorSyncStateTable;
  mirror_threads: MirrorThreadsTable;
}

/** What a contact is found by: see mirror/handles.ts. */
export interface ContactIndex {
  emails: readonly string[];
  phones: readonly string[];
  text: string;
}

export interface ParticipantRow {
  /** A lower-cased email address or an E.164 phone number. */
  address: string;
  kind: 'email' | 'phone';
  /** author: wrote in the conversation; recipient: to or cc of its latest message. */
  role: 'author' | 'recipient';
  /** Lower-cased, to compare with users' names. */
  name: string | null;
}

export interface RecordWrite {
  kind: SyncObject;
  id: string;
  parentId: string | null;
  data: unknown;
  /** modified_at or last_activity_at (s), when the kind has one. */
  activityAt: number | null;
  /** When the answer was asked for (ms): the record matched Missive then. */
  syncedAt: number;
  contact?: ContactIndex;
  participants?: {
    rows: readonly ParticipantRow[];
    /** The rows include the latest message's recipients, which replace those kept. */
    recipientsKnown: boolean;
  };
}

export interface Progress {
  object: SyncObject;
  scope: string;
  /** JSON of the walk under way; null once it is over. */
  cursor: string | null;
  finished?: { checkpoint: number | null; at: number; confirmedAt: number };
}

/** One unit of change, applied in one transaction: all of it or none. */
export interface MirrorWrite {
  records?: readonly RecordWrite[];
  deletes?: readonly { kind: SyncObject; ids: readonly string[] }[];
  /**
   * A full list was read: records of the kind (under the parent) that it did
   * not hold are gone, unless written after the list was asked for.
   */
  replace?: { kind: SyncObject; parentId?: string; before: number };
  /** Records of these kinds whose parent is not listed are gone (a contact book disappeared). */
  orphans?: { kinds: readonly SyncObject[]; parents: readonly string[] };
  aliases?: readonly { oldId: string; newId: string; at: number }[];
  /** Conversations known to have changed in ways this write does not carry. */
  stale?: readonly string[];
  progress?: Progress;
}

export interface StoredRecord {
  id: string;
  parentId: string | null;
  data: unknown;
  syncedAt: number;
  stale: boolean;
}

/** Which list of which conversation, asked how (the canonical query string). */
export interface ThreadKey {
  endpoint: string;
  conversationId: string;
  query: string;
}

export interface ThreadEntry {
  /** What the conversation's activity was when Missive gave this answer. */
  version: string;
  data: unknown;
  fetchedAt: number;
}

export interface SyncStateRow {
  object: SyncObject;
  scope: string;
  state: SyncState;
  reason: string | null;
  failures: number;
  retryAt: number | null;
  cursor: string | null;
  checkpoint: number | null;
  lastSuccessAt: number | null;
  confirmedAt: number | null;
  calls: number;
}

const MIRROR_DATA_TABLES = [
  'mirror_records',
  'mirror_contact_emails',
  'mirror_contact_phones',
  'mirror_contact_text',
  'mirror_participants',
  'mirror_conversation_aliases',
  'mirror_sync_state',
  'mirror_threads',
] as const;

/** SQLite allows 32 766 bound values; PostgreSQL 65 535. Far below both. */
const CHUNK = 500;
/** A merge of a merge of a merge…; a cycle (which Missive cannot make) must not hang a read. */
const MAX_ALIAS_HOPS = 10;

/** Where a record sits in newest-activity-first order. */
export interface ActivityKey {
  activityAt: number;
  id: string;
}

export class MirrorStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly search: ContactSearch,
  ) {}

  async write(change: MirrorWrite): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { kind, ids } of change.deletes ?? []) await deleteRecords(trx, kind, ids);
      if (change.orphans) await deleteOrphans(trx, change.orphans);
      const written = await writeRecords(trx, change.records ?? [], this.search);
      if (change.replace) await replaceRest(trx, change.replace, written);
      for (const alias of change.aliases ?? []) {
        if (alias.oldId === alias.newId) continue;
        await trx
          .insertInto('mirror_conversation_aliases')
          .values({ old_id: alias.oldId, new_id: alias.newId, merged_at: alias.at })
          .onConflict((conflict) =>
            conflict.column('old_id').doUpdateSet({ new_id: alias.newId, merged_at: alias.at }),
          )
          .execute();
        await deleteRecords(trx, 'conversations', [alias.oldId]);
      }
      for (const id of change.stale ?? []) {
        await trx
          .updateTable('mirror_records')
          .set({ stale: 1 })
          .where('kind', '=', 'conversations')
          .where('id', '=', id)
          .execute();
      }
      if (change.progress) await saveProgress(trx, change.progress);
    });
  }

  /**
   * Makes the mirror a copy of `source` (which Missive): when it was a copy
   * of another, everything in it is dropped first. Returns the source it
   * was a copy of when that differed, else undefined.
   */
  async useSource(source: string): Promise<string | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const kept = await trx
        .selectFrom('mirror_meta')
        .select('value')
        .where('key', '=', 'source')
        .executeTakeFirst();
      if (kept?.value === source) return undefined;
      if (kept) {
        for (const table of MIRROR_DATA_TABLES) await trx.deleteFrom(table).execute();
      }
      await trx
        .insertInto('mirror_meta')
        .values({ key: 'source', value: source })
        .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: source }))
        .execute();
      return kept?.value;
    });
  }

  async getThread({
    endpoint,
    conversationId,
    query,
  }: ThreadKey): Promise<ThreadEntry | undefined> {
    const row = await this.db
      .selectFrom('mirror_threads')
      .select(['version', 'data', 'fetched_at'])
      .where('conversation_id', '=', conversationId)
      .where('endpoint', '=', endpoint)
      .where('query', '=', query)
      .executeTakeFirst();
    if (!row) return undefined;
    const data = parseOrUndefined(row.data);
    return data === undefined
      ? undefined
      : { version: row.version, data, fetchedAt: row.fetched_at };
  }

  /**
   * Keeps one answer; the conversation's answers kept under another version
   * are out of date, so they go in the same step (the table holds at most
   * the pages read since the conversation last changed).
   */
  async keepThread(key: ThreadKey, entry: ThreadEntry): Promise<void> {
    const row = {
      endpoint: key.endpoint,
      conversation_id: key.conversationId,
      query: key.query,
      version: entry.version,
      data: JSON.stringify(entry.data),
      fetched_at: entry.fetchedAt,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('mirror_threads')
        .where('conversation_id', '=', key.conversationId)
        .where('version', '!=', entry.version)
        .execute();
      await trx
        .insertInto('mirror_threads')
        .values(row)
        .onConflict((conflict) =>
          conflict
            .columns(['conversation_id', 'endpoint', 'query'])
            .doUpdateSet({ version: row.version, data: row.data, fetched_at: row.fetched_at }),
        )
        .execute();
    });
  }

  /** Forgets the kept answers of these conversations, or of these lists everywhere. */
  async dropThreads(
    which: { conversationIds: readonly string[] } | { endpoints: readonly string[] },
  ): Promise<void> {
    const [column, values] =
      'conversationIds' in which
        ? (['conversation_id', which.conversationIds] as const)
        : (['endpoint', which.endpoints] as const);
    for (const part of chunks(values)) {
      await this.db.deleteFrom('mirror_threads').where(column, 'in', part).execute();
    }
  }

  async addCalls(object: SyncObject, scope: string, count: number): Promise<void> {
    await this.db
      .insertInto('mirror_sync_state')
      .values({ object, scope, state: 'initial_load', calls: count })
      .onConflict((conflict) =>
        conflict
          .columns(['object', 'scope'])
          .doUpdateSet((update) => ({ calls: update('mirror_sync_state.calls', '+', count) })),
      )
      .execute();
  }

  async recordFailure(
    object: SyncObject,
    scope: string,
    reason: string,
    retryAt: number,
  ): Promise<void> {
    await this.db
      .insertInto('mirror_sync_state')
      .values({ object, scope, state: 'failing', reason, failures: 1, retry_at: retryAt })
      .onConflict((conflict) =>
        conflict.columns(['object', 'scope']).doUpdateSet((update) => ({
          state: 'failing',
          reason,
          retry_at: retryAt,
          failures: update('mirror_sync_state.failures', '+', 1),
        })),
      )
      .execute();
  }

  async syncStates(): Promise<SyncStateRow[]> {
    const rows = await this.db.selectFrom('mirror_sync_state').selectAll().execute();
    return rows.map((row) => ({
      object: row.object,
      scope: row.scope,
      state: row.state,
      reason: row.reason,
      failures: row.failures,
      retryAt: row.retry_at,
      cursor: row.cursor,
      checkpoint: row.checkpoint,
      lastSuccessAt: row.last_success_at,
      confirmedAt: row.confirmed_at,
      calls: row.calls,
    }));
  }

  async countByKind(): Promise<Partial<Record<SyncObject, number>>> {
    const rows = await this.db
      .selectFrom('mirror_records')
      .select(['kind', (eb) => eb.fn.countAll().as('rows')])
      .groupBy('kind')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.kind, Number(row.rows)]));
  }

  /** The id a conversation has now, following merges; the id itself when it was never merged. */
  async resolveAlias(id: string): Promise<string> {
    let current = id;
    for (let hop = 0; hop < MAX_ALIAS_HOPS; hop++) {
      const alias = await this.db
        .selectFrom('mirror_conversation_aliases')
        .select('new_id')
        .where('old_id', '=', current)
        .executeTakeFirst();
      if (!alias) break;
      current = alias.new_id;
    }
    return current;
  }

  async getRecord(kind: SyncObject, id: string): Promise<StoredRecord | undefined> {
    const row = await this.db
      .selectFrom('mirror_records')
      .select(['id', 'parent_id', 'data', 'synced_at', 'stale'])
      .where('kind', '=', kind)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toStoredRecord(row);
  }

  /** In the order of `ids`, leaving out those not mirrored. */
  async recordsByIds(kind: SyncObject, ids: readonly string[]): Promise<StoredRecord[]> {
    const found = new Map<string, StoredRecord>();
    for (const part of chunks(ids)) {
      const rows = await this.db
        .selectFrom('mirror_records')
        .select(['id', 'parent_id', 'data', 'synced_at', 'stale'])
        .where('kind', '=', kind)
        .where('id', 'in', part)
        .execute();
      for (const row of rows) found.set(row.id, toStoredRecord(row));
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async recordsOfKind(kind: SyncObject, parentId?: string): Promise<StoredRecord[]> {
    let query = this.db
      .selectFrom('mirror_records')
      .select(['id', 'parent_id', 'data', 'synced_at', 'stale'])
      .where('kind', '=', kind);
    if (parentId !== undefined) query = query.where('parent_id', '=', parentId);
    const rows = await query.orderBy('id').execute();
    return rows.map(toStoredRecord);
  }

  /**
   * A page of `kind`, newest activity first (ties by id), after `after` in
   * that order, and where the next page starts when this one is full. The
   * cursor is the stored key itself, so a record that fails its schema later
   * does not end the walk. A record whose activity moves up past the cursor
   * during a walk is not seen again in it: it is newer than the walk's start.
   */
  async recordsByActivity(
    kind: SyncObject,
    { after, limit }: { after?: ActivityKey | undefined; limit: number },
  ): Promise<{ rows: StoredRecord[]; next: ActivityKey | undefined }> {
    let query = this.db
      .selectFrom('mirror_records')
      .select(['id', 'parent_id', 'data', 'synced_at', 'stale', 'activity_at'])
      .where('kind', '=', kind)
      // Conversations always carry an activity time; a kind without one is not paged this way.
      .where('activity_at', 'is not', null);
    if (after) {
      // The first term bounds the index scan; the second skips the ties already read.
      query = query
        .where('activity_at', '<=', after.activityAt)
        .where((eb) => eb.or([eb('activity_at', '<', after.activityAt), eb('id', '>', after.id)]));
    }
    const rows = await query.orderBy('activity_at', 'desc').orderBy('id').limit(limit).execute();
    const last = rows.at(-1);
    return {
      rows: rows.map(toStoredRecord),
      next:
        rows.length === limit && last?.activity_at != null
          ? { activityAt: last.activity_at, id: last.id }
          : undefined,
    };
  }

  async contactIdsByEmails(emails: readonly string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const part of chunks(emails)) {
      const rows = await this.db
        .selectFrom('mirror_contact_emails')
        .select('contact_id')
        .where('email', 'in', part)
        .execute();
      for (const row of rows) ids.add(row.contact_id);
    }
    return [...ids];
  }

  async contactIdsByPhones(phones: readonly string[]): Promise<string[]> {
    const ids = new Set<string>();
    for (const part of chunks(phones)) {
      const rows = await this.db
        .selectFrom('mirror_contact_phones')
        .select('contact_id')
        .where('phone', 'in', part)
        .execute();
      for (const row of rows) ids.add(row.contact_id);
    }
    return [...ids];
  }

  searchContactIds(text: string, limit: number): Promise<string[]> {
    return this.search.search(this.db, text, limit);
  }

  /** Conversations any of `addresses` took part in, newest activity first. */
  async conversationIdsWith(
    addresses: readonly string[],
    { excludeId, limit }: { excludeId: string | undefined; limit: number },
  ): Promise<string[]> {
    if (addresses.length === 0) return [];
    let query = this.db
      .selectFrom('mirror_participants')
      .select(['conversation_id', (eb) => eb.fn.max('last_activity_at').as('at')])
      .where('address', 'in', addresses.slice(0, CHUNK));
    if (excludeId !== undefined) query = query.where('conversation_id', '<>', excludeId);
    const rows = await query
      .groupBy('conversation_id')
      .orderBy('at', 'desc')
      .orderBy('conversation_id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.conversation_id);
  }

  /** Addresses that wrote under one of these (lower-cased) names. */
  async authorAddressesNamed(
    names: readonly string[],
  ): Promise<{ address: string; kind: 'email' | 'phone' }[]> {
    if (names.length === 0) return [];
    return this.db
      .selectFrom('mirror_participants')
      .select(['address', 'kind'])
      .distinct()
      .where('role', '=', 'author')
      .where('name', 'in', names.slice(0, CHUNK))
      .execute();
  }
}

function toStoredRecord(row: {
  id: string;
  parent_id: string | null;
  data: string;
  synced_at: number;
  stale: number;
}): StoredRecord {
  return {
    id: row.id,
    parentId: row.parent_id,
    // Written by JSON.stringify in this file; a row that no longer parses is
    // damage the reader treats as a record it does not have.
    data: parseOrUndefined(row.data),
    syncedAt: row.synced_at,
    stale: row.stale !== 0,
  };
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK)
    parts.push(items.slice(start, start + CHUNK));
  return parts;
}

type Trx = Transaction<Database>;

/** Writes what is newer than what is kept; returns the ids it kept or wrote, by kind. */
async function writeRecords(
  trx: Trx,
  records: readonly RecordWrite[],
  search: ContactSearch,
): Promise<Map<SyncObject, Set<string>>> {
  const seen = new Map<SyncObject, Set<string>>();
  for (const record of records) {
    const ids = seen.get(record.kind) ?? new Set<string>();
    ids.add(record.id);
    seen.set(record.kind, ids);
  }
  const kept = await keptVersions(trx, seen);
  for (const record of records) {
    const current = kept.get(`${record.kind} ${record.id}`);
    if (current && isOlder(record, current)) continue;
    const values = {
      parent_id: record.parentId,
      data: JSON.stringify(record.data),
      activity_at: record.activityAt,
      synced_at: record.syncedAt,
      stale: 0,
    };
    await trx
      .insertInto('mirror_records')
      .values({ kind: record.kind, id: record.id, ...values })
      .onConflict((conflict) => conflict.columns(['kind', 'id']).doUpdateSet(values))
      .execute();
    if (record.contact) await indexContact(trx, record.id, record.contact, search);
    if (record.participants) {
      await indexParticipants(trx, record.id, record.participants, record.activityAt ?? 0);
    }
  }
  return seen;
}

/**
 * An answer older than the kept record must not replace it: a sync page read
 * just before an agent's edit lands after the edit's write-through. Older
 * means an older timestamp, or the same one but asked for earlier.
 */
function isOlder(
  record: RecordWrite,
  kept: { activity_at: number | null; synced_at: number },
): boolean {
  const incoming = record.activityAt ?? 0;
  const current = kept.activity_at ?? 0;
  return incoming < current || (incoming === current && record.syncedAt < kept.synced_at);
}

async function keptVersions(
  trx: Trx,
  ids: Map<SyncObject, Set<string>>,
): Promise<Map<string, { activity_at: number | null; synced_at: number }>> {
  const kept = new Map<string, { activity_at: number | null; synced_at: number }>();
  for (const [kind, set] of ids) {
    for (const part of chunks([...set])) {
      const rows = await trx
        .selectFrom('mirror_records')
        .select(['id', 'activity_at', 'synced_at'])
        .where('kind', '=', kind)
        .where('id', 'in', part)
        .execute();
      for (const row of rows) kept.set(`${kind} ${row.id}`, row);
    }
  }
  return kept;
}

async function indexContact(
  trx: Trx,
  id: string,
  index: ContactIndex,
  search: ContactSearch,
): Promise<void> {
  await trx.deleteFrom('mirror_contact_emails').where('contact_id', '=', id).execute();
  await trx.deleteFrom('mirror_contact_phones').where('contact_id', '=', id).execute();
  if (index.emails.length) {
    await trx
      .insertInto('mirror_contact_emails')
      .values(index.emails.map((email) => ({ contact_id: id, email })))
      .execute();
  }
  if (index.phones.length) {
    await trx
      .insertInto('mirror_contact_phones')
      .values(index.phones.map((phone) => ({ contact_id: id, phone })))
      .execute();
  }
  await search.index(trx, id, index.text);
}

async function indexParticipants(
  trx: Trx,
  conversationId: string,
  { rows, recipientsKnown }: NonNullable<RecordWrite['participants']>,
  lastActivityAt: number,
): Promise<void> {
  // Missive's REST answers list authors only: recipients learned from a
  // webhook's message stay until a newer message names others.
  await trx
    .deleteFrom('mirror_participants')
    .where('conversation_id', '=', conversationId)
    .where('role', 'in', recipientsKnown ? ['author', 'recipient'] : ['author'])
    .execute();
  if (rows.length) {
    await trx
      .insertInto('mirror_participants')
      .values(
        rows.map((row) => ({
          conversation_id: conversationId,
          ...row,
          last_activity_at: lastActivityAt,
        })),
      )
      .execute();
  }
  await trx
    .updateTable('mirror_participants')
    .set({ last_activity_at: lastActivityAt })
    .where('conversation_id', '=', conversationId)
    .execute();
}

async function deleteRecords(trx: Trx, kind: SyncObject, ids: readonly string[]): Promise<void> {
  for (const part of chunks(ids)) {
    await trx
      .deleteFrom('mirror_records')
      .where('kind', '=', kind)
      .where('id', 'in', part)
      .execute();
    if (kind === 'contacts') {
      await trx.deleteFrom('mirror_contact_emails').where('contact_id', 'in', part).execute();
      await trx.deleteFrom('mirror_contact_phones').where('contact_id', 'in', part).execute();
      await trx.deleteFrom('mirror_contact_text').where('contact_id', 'in', part).execute();
    }
    if (kind === 'conversations') {
      await trx.deleteFrom('mirror_participants').where('conversation_id', 'in', part).execute();
      await trx.deleteFrom('mirror_threads').where('conversation_id', 'in', part).execute();
    }
  }
}

async function replaceRest(
  trx: Trx,
  { kind, parentId, before }: NonNullable<MirrorWrite['replace']>,
  written: Map<SyncObject, Set<string>>,
): Promise<void> {
  let query = trx
    .selectFrom('mirror_records')
    .select('id')
    .where('kind', '=', kind)
    .where('synced_at', '<', before);
  if (parentId !== undefined) query = query.where('parent_id', '=', parentId);
  const listed = written.get(kind) ?? new Set<string>();
  const gone = (await query.execute()).map((row) => row.id).filter((id) => !listed.has(id));
  await deleteRecords(trx, kind, gone);
}

async function deleteOrphans(
  trx: Trx,
  { kinds, parents }: NonNullable<MirrorWrite['orphans']>,
): Promise<void> {
  const keep = new Set(parents);
  for (const kind of kinds) {
    const rows = await trx
      .selectFrom('mirror_records')
      .select(['id', 'parent_id'])
      .where('kind', '=', kind)
      .execute();
    const gone = rows
      .filter((row) => row.parent_id === null || !keep.has(row.parent_id))
      .map((row) => row.id);
    await deleteRecords(trx, kind, gone);
  }
}

async function saveProgress(trx: Trx, progress: Progress): Promise<void> {
  const { object, scope, cursor, finished } = progress;
  const values = finished
    ? {
        state: 'live' as const,
        cursor: null,
        checkpoint: finished.checkpoint,
        last_success_at: finished.at,
        confirmed_at: finished.confirmedAt,
      }
    : { cursor };
  await trx
    .insertInto('mirror_sync_state')
    .values({ object, scope, state: 'initial_load', ...values })
    .onConflict((conflict) =>
      conflict.columns(['object', 'scope']).doUpdateSet((update) => ({
        ...values,
        reason: null,
        failures: 0,
        retry_at: null,
        // A page that lands ends a failing spell; whether the part is live
        // depends on whether a walk of it has ever finished.
        state: finished
          ? 'live'
          : update
              .case()
              .when('mirror_sync_state.last_success_at', 'is', null)
              .then(update.val<SyncState>('initial_load'))
              .else(update.val<SyncState>('live'))
              .end(),
      })),
    )
    .execute();
}
