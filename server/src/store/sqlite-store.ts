import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type Generated, type Selectable } from 'kysely';
import { z } from 'zod';
import { endpoints, type EndpointName, type HttpMethod } from '@crm/shared/missive/endpoints';
import { IntegrationStore, type IntegrationTables } from './integration-store';
import { KeyStore, type AccessKeysTable } from './key-store';
import { MirrorStore, type MirrorTables } from './mirror-store';
import { migrateToLatest } from './migrations';
import type {
  AuditEntry,
  NewAuditEntry,
  NewWebhookEvent,
  Page,
  Store,
  WebhookEvent,
} from './types';

/** The embedded store: one SQLite file in DATA_DIR, the default for a single gateway. */

export const DATABASE_FILE = 'crm.sqlite';
export const MAX_PAGE_LIMIT = 500;
/**
 * The gateway holds the only connection, but a backup, the sqlite3 shell or a
 * second instance started by mistake can hold the lock for a moment; waiting
 * beats failing a write with SQLITE_BUSY.
 */
const BUSY_TIMEOUT_MS = 5000;

/** Table shapes as SQLite holds them: JSON columns are TEXT, parsed on read. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  agent: string | null;
  endpoint: string;
  method: string;
  path: string;
  /** JSON; NULL when the write had no body (undefined), as opposed to the text `null`. */
  request_body: string | null;
  /** JSON of the record before the write; NULL when the write did not read it first. */
  before_state: string | null;
  upstream_status: number | null;
  /** JSON array of strings. */
  result_ids: string;
  error: string | null;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  received_at: number;
  digest: string;
  rule_id: string | null;
  rule_type: string | null;
  conversation_id: string | null;
  /** JSON. */
  payload: string;
}

export interface Database extends MirrorTables, IntegrationTables {
  access_keys: AccessKeysTable;
  audit_log: AuditLogTable;
  webhook_events: WebhookEventsTable;
}

/** The embedded store also holds the mirror of Missive, in the same file. */
export interface StoreWithMirror extends Store {
  readonly mirror: MirrorStore;
  readonly keys: KeyStore;
  readonly integrations: IntegrationStore;
}

export interface StoreLog {
  info: (message: string) => void;
  warn: (message: string) => void;
}

/** What exists nowhere else, so it is copied out of a damaged file (the mirror is reloaded). */
const LOG_TABLES = [
  'audit_log',
  'webhook_events',
  'access_keys',
  'integrations',
  'integration_deliveries',
] as const;

export async function openSqliteStore({
  dataDir,
  log,
}: {
  dataDir: string;
  log?: StoreLog;
}): Promise<StoreWithMirror> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    log?.info(`no database at ${file}: creating one; the sync will load the mirror from Missive`);
  }
  try {
    // better-sqlite3 creates the file when it is missing.
    return await open(new BetterSqlite3(file));
  } catch (error) {
    if (!isDamaged(error)) throw error;
    // The mirror could simply be reloaded, but the audit and webhook logs
    // exist nowhere else: the damaged file is kept beside the new one.
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    }
    const store = await open(new BetterSqlite3(file));
    const recovered = recoverLogs(aside, file);
    log?.warn(
      `the database at ${file} is damaged (${(error as Error).message}); it was moved to ${aside} ` +
        `and a new one created. ${recovered} The mirror of Missive will be loaded again by the sync.`,
    );
    return store;
  }
}

/** A private database that vanishes on close: for tests. */
export async function openMemoryStore(): Promise<StoreWithMirror> {
  return open(new BetterSqlite3(':memory:'));
}

class DamagedDatabaseError extends Error {}

function isDamaged(error: unknown): boolean {
  if (error instanceof DamagedDatabaseError) return true;
  // better-sqlite3 names SQLite's result code: SQLITE_CORRUPT (and its
  // extended forms) for a damaged file, SQLITE_NOTADB for one that is not a database.
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

async function open(sqlite: BetterSqlite3.Database): Promise<StoreWithMirror> {
  try {
    // WAL lets readers (the operations view) go on while a write commits, and
    // is remembered by the file. An in-memory database cannot use it.
    if (!sqlite.memory) sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!sqlite.memory) {
      // A file damaged where nothing has read yet opens without complaint.
      const check: unknown = sqlite.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new DamagedDatabaseError(`integrity check: ${String(check)}`);
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqliteStore(db);
}

/**
 * Copies what can still be read of the logs from a damaged file into the new
 * one, row by row up to the first unreadable page, and says how it went.
 */
function recoverLogs(damaged: string, file: string): string {
  const target = new BetterSqlite3(file);
  const copied: string[] = [];
  let source: BetterSqlite3.Database | undefined;
  try {
    source = new BetterSqlite3(damaged, { readonly: true, fileMustExist: true });
    for (const table of LOG_TABLES) {
      const columns = target
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
        .all()
        .map((column) => column.name);
      const insert = target.prepare(
        `INSERT OR IGNORE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((name) => `@${name}`).join(', ')})`,
      );
      let count = 0;
      for (const row of source.prepare(`SELECT * FROM ${table}`).iterate()) {
        const values = row as Record<string, unknown>;
        insert.run(Object.fromEntries(columns.map((name) => [name, values[name] ?? null])));
        count += 1;
      }
      copied.push(`${count} ${table} rows`);
    }
    return `Its ${inWords(copied)} were copied into the new one.`;
  } catch (error) {
    const reason = (error as Error).message;
    return copied.length
      ? `Its ${inWords(copied)} were copied into the new one before a read failed (${reason}); the rest is only in the moved file.`
      : `Its logs could not be read (${reason}); they are only in the moved file.`;
  } finally {
    source?.close();
    target.close();
  }
}

/** "a, b and c". */
function inWords(items: string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

class SqliteStore implements StoreWithMirror {
  readonly mirror: MirrorStore;
  readonly keys: KeyStore;
  readonly integrations: IntegrationStore;

  constructor(private readonly db: Kysely<Database>) {
    this.mirror = new MirrorStore(db);
    this.keys = new KeyStore(db);
    this.integrations = new IntegrationStore(db);
  }

  async recordAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        agent: entry.agent,
        endpoint: entry.endpoint,
        method: entry.method,
        path: entry.path,
        request_body: entry.requestBody === undefined ? null : JSON.stringify(entry.requestBody),
        before_state: entry.before === undefined ? null : JSON.stringify(entry.before),
        upstream_status: entry.upstreamStatus,
        result_ids: JSON.stringify(entry.resultIds),
        error: entry.error,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Read back from the row, so the caller sees exactly what a later list will.
    return toAuditEntry(row);
  }

  async listAudit(page: Page & { agent?: string | undefined }): Promise<AuditEntry[]> {
    let query = this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(clampLimit(page.limit));
    if (page.before !== undefined) query = query.where('id', '<', page.before);
    if (page.agent !== undefined) query = query.where('agent', '=', page.agent);
    const rows = await query.execute();
    return rows.map(toAuditEntry);
  }

  async getAudit(id: number): Promise<AuditEntry | undefined> {
    const row = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toAuditEntry(row);
  }

  async saveWebhookEvent(
    event: NewWebhookEvent,
  ): Promise<{ stored: boolean; event: WebhookEvent }> {
    // The UNIQUE digest decides, not a prior lookup, so simultaneous
    // redeliveries cannot both be stored. The read-back shares the transaction
    // so the row it finds is the one that won, even if pruning comes later.
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('webhook_events')
        .values({
          received_at: event.receivedAt,
          digest: event.digest,
          rule_id: event.ruleId,
          rule_type: event.ruleType,
          conversation_id: event.conversationId,
          // The column is NOT NULL; an absent payload is kept as JSON null.
          payload: event.payload === undefined ? 'null' : JSON.stringify(event.payload),
        })
        .onConflict((conflict) => conflict.column('digest').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { stored: true, event: toWebhookEvent(inserted) };
      const existing = await trx
        .selectFrom('webhook_events')
        .selectAll()
        .where('digest', '=', event.digest)
        .executeTakeFirstOrThrow();
      return { stored: false, event: toWebhookEvent(existing) };
    });
  }

  async listWebhookEvents(page: Page): Promise<WebhookEvent[]> {
    let query = this.db
      .selectFrom('webhook_events')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(clampLimit(page.limit));
    if (page.before !== undefined) query = query.where('id', '<', page.before);
    const rows = await query.execute();
    return rows.map(toWebhookEvent);
  }

  async close(): Promise<void> {
    // Also closes the better-sqlite3 handle, which checkpoints the WAL.
    await this.db.destroy();
  }
}

/** Callers pass what a query string said; the store bounds it rather than trust it. */
function clampLimit(limit: number): number {
  if (Number.isNaN(limit)) return 1;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.trunc(limit)));
}

const resultIdsSchema = z.array(z.string());

function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  const where = `audit_log row ${row.id}`;
  // A renamed endpoint or method needs a data migration; an unknown name is
  // reported rather than passed on under a type it does not have.
  if (!isEndpointName(row.endpoint)) {
    throw new Error(`${where}: unknown endpoint "${row.endpoint}"`);
  }
  if (!isHttpMethod(row.method)) throw new Error(`${where}: unknown method "${row.method}"`);
  const resultIds = resultIdsSchema.safeParse(parseJson(row.result_ids, `${where} result_ids`));
  if (!resultIds.success) throw new Error(`${where}: result_ids is not a list of strings`);
  return {
    id: row.id,
    at: row.at,
    agent: row.agent,
    endpoint: row.endpoint,
    method: row.method,
    path: row.path,
    requestBody:
      row.request_body === null ? undefined : parseJson(row.request_body, `${where} request_body`),
    before:
      row.before_state === null ? undefined : parseJson(row.before_state, `${where} before_state`),
    upstreamStatus: row.upstream_status,
    resultIds: resultIds.data,
    error: row.error,
  };
}

function toWebhookEvent(row: Selectable<WebhookEventsTable>): WebhookEvent {
  return {
    id: row.id,
    receivedAt: row.received_at,
    digest: row.digest,
    ruleId: row.rule_id,
    ruleType: row.rule_type,
    conversationId: row.conversation_id,
    payload: parseJson(row.payload, `webhook_events row ${row.id} payload`),
  };
}

/** A JSON column's value; a row that is not JSON names itself rather than failing vaguely. */
export function parseJson(text: string, where: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch (error) {
    throw new Error(`${where} is not valid JSON`, { cause: error });
  }
}

function isEndpointName(name: string): name is EndpointName {
  return Object.hasOwn(endpoints, name);
}

/** Every method, checked against HttpMethod so that a new one cannot be missed here. */
const httpMethods = {
  GET: true,
  POST: true,
  PATCH: true,
  DELETE: true,
} as const satisfies Record<HttpMethod, true>;

function isHttpMethod(method: string): method is HttpMethod {
  return Object.hasOwn(httpMethods, method);
}
