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

/**
 * How long a query may go unanswered before the gateway gives up on it and on
 * its connection: a stalled server (or a peer gone without a word) would
 * otherwise hold a write, and the request waiting on it, forever. Far above
 * any query the store makes.
 */
const QUERY_TIMEOUT_MS = 15_000;

/** TCP keepalive probes start after this long idle, so a dead peer is noticed. */
const KEEPALIVE_DELAY_MS = 10_000;

export async function openPostgresStore({
  url,
  log,
  queryTimeoutMs = QUERY_TIMEOUT_MS,
}: {
  url: string;
  log?: StoreLog;
  /** See QUERY_TIMEOUT_MS; shorter under test. */
  queryTimeoutMs?: number;
}): Promise<StoreWithMirror> {
  const label = `the PostgreSQL database at ${describeUrl(url)}`;
  const pool = new pg.Pool({
    connectionString: url,
    types: int8AsNumber(),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // No query_timeout here: see `limits` below.
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
  // The query timeout is set per query, and only once migrated: an instance
  // waits for another's migrations (below) as long as they take, and one
  // migration may build an index on a large table; pg's Pool option would
  // time those out too.
  const limits: QueryLimits = { timeoutMs: undefined };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: namingFailures(pool, label, limits) }),
  });
  // Safe with several instances starting at once: kysely's PostgreSQL
  // adapter runs the pending migrations under a session advisory lock, so
  // one instance migrates and the others wait, then find nothing to do.
  const store = await openMigrated({
    db,
    search: postgresContactSearch,
    leases: new PostgresLeases({ url, label, log }),
    label,
  });
  limits.timeoutMs = queryTimeoutMs;
  return store;
}

interface QueryLimits {
  /** pg's query_timeout for each query; none while undefined. */
  timeoutMs: number | undefined;
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
function namingFailures(pool: pg.Pool, label: string, limits: QueryLimits): PostgresPool {
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
      return new GuardedClient(client, label, limits);
    },
    end: () => pool.end(),
  };
}

/** SQLSTATEs that mean the connection, not the statement, failed: class 08 and the server shutting down. */
const LOST_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123])$/;

/** A socket's errno names for a peer that is gone or cannot be reached. */
const LOST_ERRNO = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * pg's own errors for a connection that ended or stalled, which carry no
 * code. "Query read timeout" (query_timeout) is one: pg stops waiting but
 * the server may still answer on that connection later, so it must not be
 * used again.
 */
const LOST_MESSAGES = new Set([
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Query read timeout',
]);

/**
 * Whether a query failed because its connection did, rather than the
 * statement: only what is known to be so. Anything else (a constraint, a
 * RangeError from the int8 parser, a bug) is the statement's own failure,
 * passed on as it is, and the connection stays in the pool.
 */
export function connectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (LOST_SQLSTATE.test(code) || LOST_ERRNO.has(code)) return true;
  }
  return LOST_MESSAGES.has(error.message);
}

/** A pooled connection whose loss is reported as DatabaseUnavailable, and which is then destroyed. */
class GuardedClient implements PostgresPoolClient {
  private lost: Error | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly label: string,
    private readonly limits: QueryLimits,
  ) {}

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // kysely asks for a cursor only to stream a query, which the store never does.
    if (typeof sql !== 'string') throw new Error('the store does not stream queries');
    // pg reads query_timeout from a query's config too, though its types
    // declare it on the connection's only.
    const config: pg.QueryConfig<unknown[]> & { query_timeout?: number } = {
      text: sql,
      values: [...parameters],
      ...(this.limits.timeoutMs === undefined ? {} : { query_timeout: this.limits.timeoutMs }),
    };
    return this.client.query(config).then(
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
