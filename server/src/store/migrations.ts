import { inspect } from 'node:util';
import {
  Migrator,
  PostgresAdapter,
  sql,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';

/**
 * The store's schema history, in code rather than in a folder of files so
 * that the bundled gateway (server/dist) carries it with no file lookups.
 *
 * Each migration describes the schema as it was when it was written, so it
 * takes a `Kysely<unknown>` and never the current `Database` type: a later
 * change to that type must not change what an old migration does. Names sort
 * in the order they run (kysely runs them alphabetically); add new ones at the
 * end and never edit one that has shipped.
 *
 * The same list runs on SQLite and on PostgreSQL. Where their SQL differs a
 * migration asks which engine it runs on (isPostgres), and the SQLite branch
 * stays exactly what shipped, so existing SQLite files see no change. The
 * PostgreSQL branches were added to the shipped migrations with issue #14,
 * before any PostgreSQL database existed.
 */

/**
 * Kysely runs SQLite migrations outside a transaction (its SQLite adapter
 * reports no transactional DDL), but SQLite does roll DDL back. Wrapping each
 * step means a failure leaves no half-built table behind, so the fixed
 * migration can simply run again. On PostgreSQL the Migrator already runs
 * all pending migrations in one transaction, which cannot open another.
 */
function inTransaction(step: (db: Kysely<unknown>) => Promise<void>) {
  return (db: Kysely<unknown>) => (db.isTransaction ? step(db) : db.transaction().execute(step));
}

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A time in milliseconds (or seconds): SQLite's integer holds 64 bits, but
 * PostgreSQL's holds 32, and Date.now() is past 2^31 already. The pool reads
 * bigint back as a number (postgres-store.ts).
 */
function timeType(db: Kysely<unknown>): 'integer' | 'bigint' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/**
 * An id the database numbers: SQLite's autoincrement rowid, PostgreSQL's
 * bigint identity (an upsert takes a number even when it updates, so 32 bits
 * could run out under a sync that rewrites thousands of rows).
 */
function serialId<TB extends string, C extends string>(
  db: Kysely<unknown>,
  table: CreateTableBuilder<TB, C>,
  name: string,
) {
  return isPostgres(db)
    ? table.addColumn(name, 'bigint', (column) =>
        column.primaryKey().generatedByDefaultAsIdentity(),
      )
    : table.addColumn(name, 'integer', (column) => column.primaryKey().autoIncrement());
}

export const migrations: Readonly<Record<string, Migration>> = {
  '0001_audit_log': {
    up: inTransaction(async (db) => {
      await serialId(db, db.schema.createTable('audit_log'), 'id')
        .addColumn('at', timeType(db), (column) => column.notNull())
        .addColumn('agent', 'text')
        .addColumn('endpoint', 'text', (column) => column.notNull())
        .addColumn('method', 'text', (column) => column.notNull())
        .addColumn('path', 'text', (column) => column.notNull())
        .addColumn('request_body', 'text')
        .addColumn('upstream_status', 'integer')
        .addColumn('result_ids', 'text', (column) => column.notNull())
        .addColumn('error', 'text')
        .execute();
      // The operations view asks for "writes in the last hour/day".
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.dropTable('audit_log').execute();
    }),
  },
  '0002_webhook_events': {
    up: inTransaction(async (db) => {
      await serialId(db, db.schema.createTable('webhook_events'), 'id')
        .addColumn('received_at', timeType(db), (column) => column.notNull())
        // UNIQUE is what makes deduplication atomic: redeliveries collide here
        // (INSERT ... ON CONFLICT DO NOTHING) instead of racing a prior SELECT.
        .addColumn('digest', 'text', (column) => column.notNull().unique())
        .addColumn('rule_id', 'text')
        .addColumn('rule_type', 'text')
        .addColumn('conversation_id', 'text')
        .addColumn('payload', 'text', (column) => column.notNull())
        .execute();
      // A sidebar asks what happened to the conversation it shows.
      await db.schema
        .createIndex('webhook_events_conversation_id')
        .on('webhook_events')
        .column('conversation_id')
        .execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.dropTable('webhook_events').execute();
    }),
  },
  '0003_audit_before': {
    // Nullable: writes that did not read the record first (and every entry
    // older than this column) have no earlier state to undo to.
    up: inTransaction(async (db) => {
      await db.schema.alterTable('audit_log').addColumn('before_state', 'text').execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.alterTable('audit_log').dropColumn('before_state').execute();
    }),
  },
  '0004_mirror': {
    // The mirror of Missive (see server/src/mirror): a cache that the sync can
    // always rebuild, so nothing here is precious the way the logs are.
    up: inTransaction(async (db) => {
      await db.schema
        .createTable('mirror_records')
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('id', 'text', (column) => column.notNull())
        // The contact book of a contact or group, the conversation of a task.
        .addColumn('parent_id', 'text')
        // The record as Missive answered it, JSON.
        .addColumn('data', 'text', (column) => column.notNull())
        // modified_at or last_activity_at (s): an older answer never replaces a newer record.
        .addColumn('activity_at', timeType(db))
        .addColumn('synced_at', timeType(db), (column) => column.notNull())
        // A webhook said it changed and the refresh has not landed yet (0/1).
        .addColumn('stale', 'integer', (column) => column.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('mirror_records_pk', ['kind', 'id'])
        .execute();
      await db.schema
        .createIndex('mirror_records_parent')
        .on('mirror_records')
        .columns(['kind', 'parent_id'])
        .execute();

      await db.schema
        .createTable('mirror_contact_emails')
        .addColumn('contact_id', 'text', (column) => column.notNull())
        .addColumn('email', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('mirror_contact_emails_pk', ['contact_id', 'email'])
        .execute();
      await db.schema
        .createIndex('mirror_contact_emails_email')
        .on('mirror_contact_emails')
        .column('email')
        .execute();
      await db.schema
        .createTable('mirror_contact_phones')
        .addColumn('contact_id', 'text', (column) => column.notNull())
        .addColumn('phone', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('mirror_contact_phones_pk', ['contact_id', 'phone'])
        .execute();
      await db.schema
        .createIndex('mirror_contact_phones_phone')
        .on('mirror_contact_phones')
        .column('phone')
        .execute();

      await db.schema
        .createTable('mirror_participants')
        .addColumn('conversation_id', 'text', (column) => column.notNull())
        // A lower-cased email address or an E.164 phone number.
        .addColumn('address', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        // author (wrote in it) or recipient (to/cc of its latest message).
        .addColumn('role', 'text', (column) => column.notNull())
        // Lower-cased display name; authors named like a user are the team itself.
        .addColumn('name', 'text')
        .addColumn('last_activity_at', timeType(db), (column) => column.notNull())
        .addPrimaryKeyConstraint('mirror_participants_pk', ['conversation_id', 'address', 'role'])
        .execute();
      // "Other conversations of this person", newest first.
      await db.schema
        .createIndex('mirror_participants_address')
        .on('mirror_participants')
        .columns(['address', 'last_activity_at'])
        .execute();
      await db.schema
        .createIndex('mirror_participants_name')
        .on('mirror_participants')
        .columns(['role', 'name'])
        .execute();

      await db.schema
        .createTable('mirror_conversation_aliases')
        .addColumn('old_id', 'text', (column) => column.primaryKey())
        .addColumn('new_id', 'text', (column) => column.notNull())
        .addColumn('merged_at', timeType(db), (column) => column.notNull())
        .execute();

      // Which Missive the mirror is a copy of: switching from the demo to a
      // real token must not serve the demo's contacts.
      await db.schema
        .createTable('mirror_meta')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('mirror_sync_state')
        .addColumn('object', 'text', (column) => column.notNull())
        // The part of the object: a contact book, a mailbox; '' when it has one part.
        .addColumn('scope', 'text', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('retry_at', timeType(db))
        // Where an unfinished walk stands (JSON), written with the page it follows.
        .addColumn('cursor', 'text')
        // The newest timestamp a finished walk saw: the next walk stops there.
        .addColumn('checkpoint', timeType(db))
        .addColumn('last_success_at', timeType(db))
        // When the last finished walk began: the mirror matched Missive as of then.
        .addColumn('confirmed_at', timeType(db))
        .addColumn('calls', 'integer', (column) => column.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('mirror_sync_state_pk', ['object', 'scope'])
        .execute();

      // What a contact can be searched by, one row per contact. Written like
      // any table; the full-text index below follows it by itself.
      await serialId(db, db.schema.createTable('mirror_contact_text'), 'search_id')
        .addColumn('contact_id', 'text', (column) => column.notNull().unique())
        .addColumn('body', 'text', (column) => column.notNull())
        // PostgreSQL keeps the index beside the text: a tsvector that
        // store/contact-search.ts writes with it, under a GIN index.
        .$call((table) =>
          isPostgres(db)
            ? table.addColumn('search', sql`tsvector`, (column) => column.notNull())
            : table,
        )
        .execute();
      if (isPostgres(db)) {
        await db.schema
          .createIndex('mirror_contact_text_search')
          .on('mirror_contact_text')
          .using('gin')
          .column('search')
          .execute();
        return;
      }
      // SQLite-specific, as is the query that reads it (store/contact-search.ts):
      // an FTS5 index over mirror_contact_text kept in step by triggers.
      await sql`CREATE VIRTUAL TABLE mirror_contact_search USING fts5(
        body, content = 'mirror_contact_text', content_rowid = 'search_id',
        tokenize = 'unicode61 remove_diacritics 2'
      )`.execute(db);
      await sql`CREATE TRIGGER mirror_contact_text_insert AFTER INSERT ON mirror_contact_text BEGIN
        INSERT INTO mirror_contact_search (rowid, body) VALUES (new.search_id, new.body);
      END`.execute(db);
      await sql`CREATE TRIGGER mirror_contact_text_delete AFTER DELETE ON mirror_contact_text BEGIN
        INSERT INTO mirror_contact_search (mirror_contact_search, rowid, body)
          VALUES ('delete', old.search_id, old.body);
      END`.execute(db);
      await sql`CREATE TRIGGER mirror_contact_text_update AFTER UPDATE ON mirror_contact_text BEGIN
        INSERT INTO mirror_contact_search (mirror_contact_search, rowid, body)
          VALUES ('delete', old.search_id, old.body);
        INSERT INTO mirror_contact_search (rowid, body) VALUES (new.search_id, new.body);
      END`.execute(db);
    }),
    down: inTransaction(async (db) => {
      for (const table of [
        // FTS5's table exists on SQLite only; PostgreSQL's index goes with its table.
        ...(isPostgres(db) ? [] : ['mirror_contact_search']),
        'mirror_contact_text',
        'mirror_sync_state',
        'mirror_meta',
        'mirror_conversation_aliases',
        'mirror_participants',
        'mirror_contact_phones',
        'mirror_contact_emails',
        'mirror_records',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    }),
  },
  // One conversation's list (messages, comments, drafts or posts) as Missive
  // answered one query of it, kept while the conversation's activity is what
  // it was then (`version`): see mirror/threads.ts.
  '0005_mirror_threads': {
    up: inTransaction(async (db) => {
      await db.schema
        .createTable('mirror_threads')
        .addColumn('endpoint', 'text', (column) => column.notNull())
        .addColumn('conversation_id', 'text', (column) => column.notNull())
        .addColumn('query', 'text', (column) => column.notNull())
        .addColumn('version', 'text', (column) => column.notNull())
        .addColumn('data', 'text', (column) => column.notNull())
        .addColumn('fetched_at', timeType(db), (column) => column.notNull())
        .addPrimaryKeyConstraint('mirror_threads_pk', ['conversation_id', 'endpoint', 'query'])
        .execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.dropTable('mirror_threads').execute();
    }),
  },
  // People's access keys, stored as slow hashes (auth/key-hash.ts). A name
  // is a person: unique among keys not revoked, so that re-keying someone is
  // "revoke, then create again under the same name".
  '0006_access_keys': {
    up: inTransaction(async (db) => {
      await db.schema
        .createTable('access_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('name_key', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('key_hash', 'text', (column) => column.notNull())
        .addColumn('created_at', timeType(db), (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addColumn('last_used_at', timeType(db))
        .addColumn('revoked_at', timeType(db))
        .execute();
      await db.schema
        .createIndex('access_keys_live_name')
        .on('access_keys')
        .column('name_key')
        .unique()
        .where(sql.ref('revoked_at'), 'is', null)
        .execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.dropTable('access_keys').execute();
    }),
  },
  // The unified ticketing API pages conversations newest activity first
  // (routes/unified.ts): without this it would sort every conversation per page.
  '0007_mirror_records_activity': {
    up: inTransaction(async (db) => {
      await db.schema
        .createIndex('mirror_records_activity')
        .on('mirror_records')
        // In the order pages are read: newest activity first, ties by id.
        .columns(['kind', 'activity_at desc', 'id'])
        .execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.dropIndex('mirror_records_activity').execute();
    }),
  },
  // Inbound integrations (server/src/integrations): each provider's settings
  // and encrypted secret, and the durable queue of deliveries waiting to be
  // posted, sent, or given up on (the dead-letter list).
  '0008_integrations': {
    up: inTransaction(async (db) => {
      await db.schema
        .createTable('integrations')
        .addColumn('provider', 'text', (column) => column.primaryKey())
        .addColumn('kind', 'text', (column) => column.notNull())
        // JSON of IntegrationSettings.
        .addColumn('settings', 'text', (column) => column.notNull())
        // AES-256-GCM (integrations/secret-box.ts); NULL when none was set here.
        .addColumn('secret_sealed', 'text')
        .addColumn('updated_at', timeType(db), (column) => column.notNull())
        .addColumn('updated_by', 'text', (column) => column.notNull())
        .execute();
      await serialId(db, db.schema.createTable('integration_deliveries'), 'id')
        .addColumn('provider', 'text', (column) => column.notNull())
        .addColumn('event_id', 'text', (column) => column.notNull())
        // SHA-256 of the signed body: the event id may come from an unsigned
        // header (X-GitHub-Delivery), so a replayed body under a new id is caught here.
        .addColumn('body_digest', 'text', (column) => column.notNull())
        .addColumn('summary', 'text', (column) => column.notNull())
        .addColumn('received_at', timeType(db), (column) => column.notNull())
        // queued, sending, sent or dead.
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('next_attempt_at', timeType(db))
        // JSON: the post to send and what follows it (see integrations/delivery-queue.ts).
        .addColumn('job', 'text', (column) => column.notNull())
        .addColumn('last_error', 'text')
        .addColumn('post_id', 'text')
        .addColumn('conversation_id', 'text')
        .addColumn('sent_at', timeType(db))
        // Exactly once: a redelivered event collides here instead of racing a lookup.
        .addUniqueConstraint('integration_deliveries_event', ['provider', 'event_id'])
        .addUniqueConstraint('integration_deliveries_body', ['provider', 'body_digest'])
        .execute();
      // The worker takes the oldest queued delivery; Operations lists by status.
      await db.schema
        .createIndex('integration_deliveries_status')
        .on('integration_deliveries')
        .columns(['status', 'id'])
        .execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.dropTable('integration_deliveries').execute();
      await db.schema.dropTable('integrations').execute();
    }),
  },
  // Several gateways on one database share the delivery queue: a claim names
  // the instance sending (claimed_by) and how long its lease lasts
  // (claimed_until, ms), renewed while it sends. Only a claim whose lease ran
  // out counts as interrupted, so a gateway starting beside another no longer
  // hands the other's post in flight to the dead-letter list.
  '0009_delivery_claims': {
    up: inTransaction(async (db) => {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema
        .alterTable('integration_deliveries')
        .addColumn('claimed_by', 'text')
        .execute();
      await db.schema
        .alterTable('integration_deliveries')
        .addColumn('claimed_until', timeType(db))
        .execute();
    }),
    down: inTransaction(async (db) => {
      await db.schema.alterTable('integration_deliveries').dropColumn('claimed_until').execute();
      await db.schema.alterTable('integration_deliveries').dropColumn('claimed_by').execute();
    }),
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/**
 * Brings the database to the newest schema. Kysely reports a failure as a
 * result set rather than throwing; this throws, naming the migration that
 * failed, so start-up stops with a message an operator can act on.
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  provider: MigrationProvider = migrationProvider,
): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error');
  const reason = error instanceof Error ? error.message : inspect(error);
  throw new Error(
    failed
      ? `database migration ${failed.migrationName} failed: ${reason}`
      : `database migrations could not run: ${reason}`,
    { cause: error },
  );
}
