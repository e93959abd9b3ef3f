import {
  Kysely,
  PostgresDialect,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import pg from 'pg';
import { postgresContactSearch } from './contact-search';
import {
  DatabaseUnavailable,
  openMigrated,
  reasonOf,
  type Database,
  type StoreLog,
  type StoreWithMirror,
} from './kysely-store';
import { PostgresLeases } from './postgres-leases';

/**
 * The store on PostgreSQL, for several gateway instances sharing one
 * database (DATABASE_URL). The same store as the embedded one
 * (kysely-store.ts) over kysely's PostgresDialect; the migrations are the
 * same list, each branching where PostgreSQL's SQL differs.
 */

/** A gateway waits this long for a connection before it answers that the database is unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

export async function openPostgresStore({
  url,
  log,
}: {
  url: string;
  log?: StoreLog;
}): Promise<StoreWithMirror> {
  const label = `the PostgreSQL database at ${describeUrl(url)}`;
  const pool = new pg.Pool({
    connectionString: url,
    types: int8AsNumber(),
    keepAlive: true,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  // A connection that fails while idle in the pool (the server restarted) is
  // dropped and replaced by the pool; unheard, the 'error' would end the process.
  pool.on('error', (error) => {
    log?.warn(`${label}: an idle connection failed (${reasonOf(error)}); the pool opens another`);
  });
  // A connection that dies while kysely holds it emits 'error' too, with no
  // pool listener on it then: the query under way already rejects with the
  // error, and the pool drops the client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: namingFailures(pool, label) }),
  });
  // Safe with several instances starting at once: kysely's PostgreSQL
  // adapter runs the pending migrations under a session advisory lock, so
  // one instance migrates and the others wait, then find nothing to do.
  return openMigrated({
    db,
    search: postgresContactSearch,
    leases: new PostgresLeases({ url, label, log }),
    label,
  });
}

/** host:port/database, without the user or password a URL may carry. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    // Not a URL (a libpq key=value string): it may hold a password, so it is not repeated.
    return 'DATABASE_URL';
  }
}

/**
 * bigint (int8) comes back as a number, as SQLite's integers do: times in
 * milliseconds, ids and count(*) all are. Set on this pool only, so other
 * users of pg in the process keep its default (a string). A value past
 * 2^53 cannot be a number exactly: reading it fails rather than rounds.
 */
function int8AsNumber(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (text: string) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`${text} does not fit in a JavaScript number`);
    }
    return value;
  });
  return types;
}

/**
 * The pool as kysely uses it, failing with the database's name in the
 * message when it cannot connect or the connection is lost mid-query (the
 * server stopped or restarted): what an operator reads when the gateway
 * answers 503. Any other failure (a constraint, a bug) passes unchanged.
 */
function namingFailures(pool: pg.Pool, label: string): PostgresPool {
  return {
    connect: async () => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new DatabaseUnavailable(`${label} is unreachable: ${reasonOf(error)}`, {
          cause: error,
        });
      }
      return new GuardedClient(client, label);
    },
    end: () => pool.end(),
  };
}

/** SQLSTATE classes that mean the connection, not the statement, failed. */
const CONNECTION_LOST = /^(08|57P0[123])/;

function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // The server's own errors carry a five-character SQLSTATE; a socket's
  // carry an errno name (ECONNRESET) or nothing ("Connection terminated").
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? CONNECTION_LOST.test(code) : true;
}

/** A pooled connection whose loss is reported as DatabaseUnavailable, and which is then destroyed. */
class GuardedClient implements PostgresPoolClient {
  private lost: Error | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly label: string,
  ) {}

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // kysely asks for a cursor only to stream a query, which the store never does.
    if (typeof sql !== 'string') throw new Error('the store does not stream queries');
    return this.client.query(sql, [...parameters]).then(
      // pg's answer, typed more loosely than kysely's (any command name).
      (result) => result as unknown as PostgresQueryResult<R>,
      (error: unknown) => {
        if (!connectionLost(error)) throw error;
        this.lost = new DatabaseUnavailable(`${this.label} is unreachable: ${reasonOf(error)}`, {
          cause: error,
        });
        throw this.lost;
      },
    );
  }

  /** A connection that was lost is destroyed rather than handed out again. */
  release(): void {
    this.client.release(this.lost);
  }
}
