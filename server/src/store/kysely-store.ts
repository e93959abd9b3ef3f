import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { endpoints, type EndpointName, type HttpMethod } from '@crm/shared/missive/endpoints';
import type { ContactSearch } from './contact-search';
import { IntegrationStore, type IntegrationTables } from './integration-store';
import { KeyStore, type AccessKeysTable } from './key-store';
import type { Leases } from './leases';
import { migrateToLatest } from './migrations';
import { MirrorStore, type MirrorTables } from './mirror-store';
import type {
  AuditEntry,
  NewAuditEntry,
  NewWebhookEvent,
  Page,
  Store,
  WebhookEvent,
} from './types';

export const MAX_PAGE_LIMIT = 500;

/**
 * Table shapes as both engines hold them: JSON columns are text, parsed on
 * read; times are integers of milliseconds (bigint on PostgreSQL, read back
 * as numbers by the pool's int8 parser, see postgres-store.ts).
 */
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

/** The store also holds the mirror of Missive, the access keys and the integrations, in the same database. */
export interface StoreWithMirror extends Store {
  readonly mirror: MirrorStore;
  readonly keys: KeyStore;
  readonly integrations: IntegrationStore;
  /** Who runs what only one instance may run at a time (the mirror's sync). */
  readonly leases: Leases;
  /** Resolves when the database answers; rejects with DatabaseUnavailable when it does not. */
  ping(): Promise<void>;
}

export interface StoreLog {
  info: (message: string) => void;
  warn: (message: string) => void;
}

/**
 * The database could not be reached or did not answer: the message names the
 * database (never its password), so the gateway can answer 503 saying which.
 */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
}

export function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) {
    // Node's connect() to a name with several addresses fails with one per address.
    return error.errors.map(reasonOf).join('; ');
  }
  return error instanceof Error ? error.message || error.constructor.name : String(error);
}

/** What differs between the engines once the database is open. */
export interface Engine {
  db: Kysely<Database>;
  search: ContactSearch;
  leases: Leases;
  /** Names the database in errors, e.g. "the PostgreSQL database at db:5432/crm"; never a password. */
  label: string;
}

/**
 * Brings the database to the newest schema, then opens the store on it; when
 * the migrations fail the connection is closed and the failure thrown.
 */
export async function openMigrated(engine: Engine): Promise<StoreWithMirror> {
  try {
    await migrateToLatest(engine.db);
  } catch (error) {
    await engine.db.destroy();
    throw error;
  }
  return new KyselyStore(engine);
}

/**
 * The store on either engine: every query is kysely's, so one class serves
 * SQLite and PostgreSQL; only opening (sqlite-store.ts, postgres-store.ts),
 * the contact search and the leases differ.
 */
class KyselyStore implements StoreWithMirror {
  readonly mirror: MirrorStore;
  readonly keys: KeyStore;
  readonly integrations: IntegrationStore;
  readonly leases: Leases;
  private readonly db: Kysely<Database>;
  private readonly label: string;

  constructor({ db, search, leases, label }: Engine) {
    this.db = db;
    this.label = label;
    this.leases = leases;
    this.mirror = new MirrorStore(db, search);
    this.keys = new KeyStore(db);
    this.integrations = new IntegrationStore(db);
  }

  async ping(): Promise<void> {
    try {
      await sql`select 1`.execute(this.db);
    } catch (error) {
      throw error instanceof DatabaseUnavailable
        ? error
        : new DatabaseUnavailable(`${this.label} did not answer: ${reasonOf(error)}`, {
            cause: error,
          });
    }
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
    // Leads first: another instance may take over while this one finishes closing.
    await this.leases.close();
    // Also closes the better-sqlite3 handle (which checkpoints the WAL) or ends the pg pool.
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
