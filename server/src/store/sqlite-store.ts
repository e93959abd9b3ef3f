import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { sqliteContactSearch } from './contact-search';
import { openMigrated, type Database, type StoreLog, type StoreWithMirror } from './kysely-store';
import { LocalLeases } from './leases';

/** The embedded store: one SQLite file in DATA_DIR, the default for a single gateway. */

// Callers that open the embedded store name its type from here.
export type { StoreWithMirror } from './kysely-store';

export const DATABASE_FILE = 'crm.sqlite';
/**
 * The gateway holds the only connection, but a backup, the sqlite3 shell or a
 * second instance started by mistake can hold the lock for a moment; waiting
 * beats failing a write with SQLITE_BUSY.
 */
const BUSY_TIMEOUT_MS = 5000;

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
  return openMigrated({
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }),
    search: sqliteContactSearch,
    // One process holds the file (WAL allows no second writer anyway).
    leases: new LocalLeases(),
    label: `the SQLite database at ${sqlite.name}`,
  });
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
