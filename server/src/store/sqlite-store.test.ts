import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, NO_MIGRATIONS, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrationProvider, migrations } from './migrations';
import { DATABASE_FILE, openSqliteStore } from './sqlite-store';
import { audit, describeStore, webhook } from './store-suite';
import { sqliteEngine } from './test-engines';

/** Reads the file behind the store's back, as an operator's sqlite3 shell would. */
function inspect<T>(file: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('openSqliteStore', () => {
  let root: string;
  let dataDir: string;
  let file: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-store-'));
    // Nested and missing, as DATA_DIR is on a fresh install.
    dataDir = join(root, 'var', 'data');
    file = join(dataDir, DATABASE_FILE);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the directory and the database file on first run, in WAL mode', async () => {
    expect(existsSync(dataDir)).toBe(false);
    const store = await openSqliteStore({ dataDir });
    await store.close();

    expect(existsSync(file)).toBe(true);
    expect(inspect(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    const tables = inspect(file, (db) =>
      db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type IN ('table','index') ORDER BY name",
        )
        .all()
        .map((row) => row.name),
    );
    expect(tables).toEqual(
      expect.arrayContaining([
        'audit_log',
        'audit_log_at',
        'webhook_events',
        'webhook_events_conversation_id',
      ]),
    );
  });

  it('keeps rows across reopening and runs each migration once', async () => {
    const first = await openSqliteStore({ dataDir });
    const written = await first.recordAudit(audit());
    await first.saveWebhookEvent(webhook());
    await first.close();

    const second = await openSqliteStore({ dataDir });
    expect(await second.getAudit(written.id)).toEqual(written);
    expect(await second.listWebhookEvents({ limit: 10 })).toHaveLength(1);
    // The redelivery guard survives a restart too.
    expect((await second.saveWebhookEvent(webhook())).stored).toBe(false);
    await second.close();

    const applied = inspect(file, (db) =>
      db
        .prepare<[], { name: string }>('SELECT name FROM kysely_migration ORDER BY name')
        .all()
        .map((row) => row.name),
    );
    expect(applied).toEqual(Object.keys(migrations).sort());
    expect(applied).toEqual([
      '0001_audit_log',
      '0002_webhook_events',
      '0003_audit_before',
      '0004_mirror',
      '0005_mirror_threads',
      '0006_access_keys',
      '0007_mirror_records_activity',
      '0008_integrations',
      '0009_delivery_claims',
    ]);
  });
});

describeStore(sqliteEngine);

describe('a missing or damaged database file', () => {
  let dataDir: string;
  let notices: { info: string[]; warn: string[] };
  const log = {
    info: (message: string) => notices.info.push(message),
    warn: (message: string) => notices.warn.push(message),
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-damaged-'));
    notices = { info: [], warn: [] };
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so when it creates the file', async () => {
    const store = await openSqliteStore({ dataDir, log });
    await store.close();
    expect(notices.info).toEqual([
      expect.stringContaining(`no database at ${join(dataDir, DATABASE_FILE)}`),
    ]);
    const again = await openSqliteStore({ dataDir, log });
    await again.close();
    expect(notices.info).toHaveLength(1);
  });

  it('moves a file that is not a database aside, under a dated name, and starts a new one', async () => {
    writeFileSync(
      join(dataDir, DATABASE_FILE),
      'these bytes were never a SQLite database'.repeat(40),
    );
    const store = await openSqliteStore({ dataDir, log });
    await store.recordAudit(audit());
    await store.close();
    const aside = readdirSync(dataDir).filter((name) => name.includes('.damaged-'));
    expect(aside).toEqual([
      expect.stringMatching(/^crm\.sqlite\.damaged-\d{4}-\d\d-\d\dT[\d-]+Z$/),
    ]);
    expect(notices.warn).toEqual([
      expect.stringMatching(
        /is damaged \(file is not a database\); it was moved to .*damaged-.* Its logs could not be read/,
      ),
    ]);
  });

  it('keeps the audit and webhook logs and the access keys of a file damaged in the mirror’s pages', async () => {
    const file = join(dataDir, DATABASE_FILE);
    const store = await openSqliteStore({ dataDir });
    const kept = await store.recordAudit(audit());
    await store.saveWebhookEvent(webhook());
    const key = {
      id: 'a1b2c3d4e5f6',
      name: 'Ana',
      role: 'agent' as const,
      keyHash: 'scrypt$32768$8$1$salt$hash',
      createdAt: 1,
      createdBy: 'admin',
    };
    await store.keys.insert(key);
    await store.mirror.write({
      records: Array.from({ length: 400 }, (_, index) => ({
        kind: 'conversations' as const,
        id: `conversation-${index}`,
        parentId: null,
        data: { id: `conversation-${index}`, padding: 'x'.repeat(500) },
        activityAt: index,
        syncedAt: 1,
      })),
    });
    await store.close();
    // Overwrite one page of the mirror's records, as a bad disk sector would.
    const { page, size } = inspect(file, (db) => ({
      page: db
        .prepare<[], { pageno: number }>(
          "SELECT pageno FROM dbstat WHERE name = 'mirror_records' AND pagetype = 'leaf' LIMIT 1 OFFSET 3",
        )
        .get()?.pageno,
      size: Number(db.pragma('page_size', { simple: true })),
    }));
    if (page === undefined) throw new Error('the mirror filled no pages');
    const handle = openSync(file, 'r+');
    writeSync(handle, Buffer.alloc(size, 0xa5), 0, size, (page - 1) * size);
    closeSync(handle);

    const reopened = await openSqliteStore({ dataDir, log });
    expect(notices.warn).toEqual([
      expect.stringContaining(
        'Its 1 audit_log rows, 1 webhook_events rows, 1 access_keys rows, 0 integrations rows and 0 integration_deliveries rows were copied into the new one.',
      ),
    ]);
    expect(await reopened.getAudit(kept.id)).toEqual(kept);
    expect(await reopened.keys.list()).toEqual([{ ...key, lastUsedAt: null, revokedAt: null }]);
    expect(await reopened.listWebhookEvents({ limit: 10 })).toHaveLength(1);
    // The mirror is a cache: it starts empty and the sync loads it again.
    expect(await reopened.mirror.countByKind()).toEqual({});
    await reopened.close();
  });
});

describe('migrations', () => {
  const connect = () =>
    new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }),
    });

  it('names the migration that failed', async () => {
    const db = connect();
    const broken = {
      getMigrations: async () => ({
        ...(await migrationProvider.getMigrations()),
        '0003_broken': {
          up: async (trx: Kysely<unknown>) => {
            await sql`CREATE TABLE audit_log (id INTEGER)`.execute(trx);
          },
        },
      }),
    };
    try {
      await expect(migrateToLatest(db, broken)).rejects.toThrow(
        /migration 0003_broken failed: .*audit_log already exists/,
      );
    } finally {
      await db.destroy();
    }
  });

  it('leaves no half-built table when a migration fails midway', async () => {
    const db = connect();
    const halfway = {
      getMigrations: () =>
        Promise.resolve({
          '0001_halfway': {
            up: (migrating: Kysely<unknown>) =>
              migrating.transaction().execute(async (trx) => {
                await sql`CREATE TABLE half (id INTEGER)`.execute(trx);
                await sql`CREATE INDEX nowhere ON missing_table (id)`.execute(trx);
              }),
          },
        }),
    };
    try {
      await expect(migrateToLatest(db, halfway)).rejects.toThrow(/0001_halfway/);
      const half = await sql<{
        name: string;
      }>`SELECT name FROM sqlite_master WHERE name = 'half'`.execute(db);
      expect(half.rows).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('brings a database of the previous schema up to date, its half-sent deliveries still found', async () => {
    const db = connect();
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo('0008_integrations')).error).toBeUndefined();
      await sql`INSERT INTO integration_deliveries
        (provider, event_id, body_digest, summary, received_at, status, attempts, job)
        VALUES ('github', 'e1', 'd1', 'issue opened', 1, 'sending', 1, '{}')`.execute(db);
      await migrateToLatest(db);
      // Left sending by a gateway of before the leases: no claim, so interrupted.
      const { rows } = await sql<{ claimed_by: string | null; claimed_until: number | null }>`
        SELECT claimed_by, claimed_until FROM integration_deliveries`.execute(db);
      expect(rows).toEqual([{ claimed_by: null, claimed_until: null }]);
    } finally {
      await db.destroy();
    }
  });

  it('runs down to an empty schema and up again', async () => {
    const db = connect();
    try {
      await migrateToLatest(db);
      const down = await new Migrator({ db, provider: migrationProvider }).migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      const left = await sql<{ name: string }>`
        SELECT name FROM sqlite_master WHERE name IN ('audit_log', 'webhook_events')`.execute(db);
      expect(left.rows).toEqual([]);
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
  });
});
