import { Kysely, Migrator, NO_MIGRATIONS, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from '../test/engines';
import { DatabaseUnavailable, type StoreWithMirror } from './kysely-store';
import { migrationProvider, migrations } from './migrations';
import { openPostgresStore } from './postgres-store';
import { audit, describeStore } from './store-suite';
import { postgresEngine } from './test-engines';

/**
 * The store on a real PostgreSQL: the suite every engine passes, then what
 * only several gateways on one database need: migrations started at once,
 * leadership that fails over, and errors that name the database.
 */

const engine = postgresEngine();
describeStore(engine);

/** Runs `read` on a connection of the test's own, beside the stores under test. */
async function query<Row>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row & pg.QueryResultRow>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('several gateways on one PostgreSQL database', () => {
  const opened: StoreWithMirror[] = [];
  const open = async (url: string) => {
    const store = await openPostgresStore({ url });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  it('migrate a fresh database once when they start at the same moment', async () => {
    const url = await engine.createDatabase();
    const [a, b, c] = await Promise.all([open(url), open(url), open(url)]);
    const applied = await query<{ name: string }>(
      url,
      'select name from kysely_migration order by name',
    );
    expect(applied.map((row) => row.name)).toEqual(Object.keys(migrations).sort());
    // Each can write, and sees the others' writes.
    const written = await a.recordAudit({
      at: 1_700_000_000_000,
      agent: 'a',
      endpoint: 'createPost',
      method: 'POST',
      path: '/posts',
      requestBody: {},
      upstreamStatus: 200,
      resultIds: [],
      error: null,
    });
    expect(await b.getAudit(written.id)).toEqual(written);
    expect(await c.listAudit({ limit: 5 })).toHaveLength(1);
  });

  it('really serialise the migrations: kysely holds its advisory lock while migrating', async () => {
    const url = await engine.createDatabase();
    // A session holding kysely's migration lock (postgres-adapter.ts's LOCK_ID)
    // keeps a starting store waiting, migrations not run, until it lets go.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock(3853314791062309107)');
      let done = false;
      const starting = open(url).then((store) => {
        done = true;
        return store;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(done).toBe(false);
      const tables = await query<{ name: string }>(
        url,
        "select table_name as name from information_schema.tables where table_name = 'audit_log'",
      );
      expect(tables).toEqual([]);
      await holder.query('select pg_advisory_unlock(3853314791062309107)');
      await expect(starting.then((store) => store.ping())).resolves.toBeUndefined();
    } finally {
      await holder.end();
    }
  });

  it('hand the lead over when the leader’s connection dies, and tell the leader it lost', async () => {
    const url = await engine.createDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    const leading = await a.leases.tryLead('mirror-sync');
    if (!leading) throw new Error('the first instance did not lead');
    expect(await b.leases.tryLead('mirror-sync')).toBeUndefined();
    const lost = vi.fn();
    void leading.lost.then(lost);

    // As the server does when the leader's host vanishes or its process is killed.
    const killed = await query<{ killed: boolean }>(
      url,
      "select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'crm lead mirror-sync'",
    );
    expect(killed).toEqual([{ killed: true }]);

    await vi.waitFor(
      () => {
        expect(lost).toHaveBeenCalled();
      },
      { timeout: 5_000 },
    );
    const taken = await vi.waitFor(
      async () => {
        const lead = await b.leases.tryLead('mirror-sync');
        if (!lead) throw new Error('not yet');
        return lead;
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(await a.leases.tryLead('mirror-sync')).toBeUndefined();
    await taken.release();
    // Released, not lost: the next leader takes over at once.
    const next = await a.leases.tryLead('mirror-sync');
    expect(next).toBeDefined();
    await next?.release();
  });

  it('free a lead when the store closes', async () => {
    const url = await engine.createDatabase();
    const [a, b] = await Promise.all([open(url), open(url)]);
    expect(await a.leases.tryLead('mirror-sync')).toBeDefined();
    await a.close();
    opened.splice(opened.indexOf(a), 1);
    const lead = await b.leases.tryLead('mirror-sync');
    expect(lead).toBeDefined();
    await lead?.release();
  });
});

describe('a database that does not answer', () => {
  it('fails to open naming the database, not with a bare driver error', async () => {
    const url = `postgres://crm:secret@127.0.0.1:${await freePort()}/crm`;
    const opening = openPostgresStore({ url });
    await expect(opening).rejects.toThrow(
      /the PostgreSQL database at 127\.0\.0\.1:\d+\/crm is unreachable: .*ECONNREFUSED/,
    );
    await expect(opening).rejects.not.toThrow(/secret/);
  });

  it('answers a ping with DatabaseUnavailable while the server is down, and recovers', async () => {
    const store = await engine.open();
    try {
      await engine.server().pause();
      const ping = store.ping();
      await expect(ping).rejects.toBeInstanceOf(DatabaseUnavailable);
      await expect(ping).rejects.toThrow(/the PostgreSQL database at 127\.0\.0\.1:\d+\/store_\d+/);
      await engine.server().start();
      await vi.waitFor(() => store.ping(), { timeout: 10_000, interval: 100 });
    } finally {
      await store.close();
    }
  });
});

describe('a database that stalls', () => {
  it('gives up on a query unanswered past the query timeout with DatabaseUnavailable, and recovers', async () => {
    const url = await engine.createDatabase();
    const store = await openPostgresStore({ url, queryTimeoutMs: 300 });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      // The audit log locked by another session: the store's insert waits, unanswered.
      await holder.query('begin');
      await holder.query('lock table audit_log in access exclusive mode');
      const write = store.recordAudit(audit());
      await expect(write).rejects.toBeInstanceOf(DatabaseUnavailable);
      await expect(write).rejects.toThrow(/is unreachable: Query read timeout/);
      await holder.query('commit');
      // The stalled connection was destroyed, not handed out again: the next query answers.
      await expect(store.ping()).resolves.toBeUndefined();
    } finally {
      await holder.end();
      await store.close();
    }
  });

  it('waits for another instance’s migrations longer than the query timeout', async () => {
    const url = await engine.createDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      // kysely's migration lock (see above), held past the timeout by "another instance".
      await holder.query('select pg_advisory_lock(3853314791062309107)');
      const starting = openPostgresStore({ url, queryTimeoutMs: 200 });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await holder.query('select pg_advisory_unlock(3853314791062309107)');
      const store = await starting;
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
    } finally {
      await holder.end();
    }
  });
});

describe('migrations on PostgreSQL', () => {
  it('run down to an empty schema and up again', async () => {
    const url = await engine.createDatabase();
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }),
    });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await migrator.migrateTo(NO_MIGRATIONS)).error).toBeUndefined();
      const { rows } = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = 'public' and table_name not like 'kysely%'`.execute(db);
      expect(rows).toEqual([]);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });

  it('keep times in bigint and ids numbered by the database', async () => {
    const url = await engine.createDatabase();
    const store = await openPostgresStore({ url });
    await store.close();
    const columns = await query<{ column: string; type: string }>(
      url,
      `select table_name || '.' || column_name as column, data_type as type
       from information_schema.columns
       where table_schema = 'public' and table_name not like 'kysely%'
         and column_name in ('at', 'id', 'synced_at', 'claimed_until', 'search')
       order by 1`,
    );
    expect(columns).toEqual([
      { column: 'access_keys.id', type: 'text' },
      { column: 'audit_log.at', type: 'bigint' },
      { column: 'audit_log.id', type: 'bigint' },
      { column: 'integration_deliveries.claimed_until', type: 'bigint' },
      { column: 'integration_deliveries.id', type: 'bigint' },
      { column: 'mirror_contact_text.search', type: 'tsvector' },
      { column: 'mirror_records.id', type: 'text' },
      { column: 'mirror_records.synced_at', type: 'bigint' },
      { column: 'webhook_events.id', type: 'bigint' },
    ]);
  });
});
