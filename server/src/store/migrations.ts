import { inspect } from 'node:util';
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * The store's schema history, in code rather than in a folder of files so
 * that the bundled gateway (server/dist) carries it with no file lookups.
 *
 * Each migration describes the schema as it was when it was written, so it
 * takes a `Kysely<unknown>` and never the current `Database` type: a later
 * change to that type must not change what an old migration does. Names sort
 * in the order they run (kysely runs them alphabetically); add new ones at the
 * end and never edit one that has shipped.
 */

/**
 * Kysely runs SQLite migrations outside a transaction (its SQLite adapter
 * reports no transactional DDL), but SQLite does roll DDL back. Wrapping each
 * step means a failure leaves no half-built table behind, so the fixed
 * migration can simply run again.
 */
function inTransaction(step: (db: Kysely<unknown>) => Promise<void>) {
  return (db: Kysely<unknown>) => db.transaction().execute(step);
}

export const migrations: Readonly<Record<string, Migration>> = {
  '0001_audit_log': {
    up: inTransaction(async (db) => {
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
        .addColumn('at', 'integer', (column) => column.notNull())
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
      await db.schema
        .createTable('webhook_events')
        .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
        .addColumn('received_at', 'integer', (column) => column.notNull())
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
