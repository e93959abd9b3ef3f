import pg from 'pg';
import { DatabaseUnavailable, reasonOf, type StoreLog } from './kysely-store';
import type { Leadership, Leases } from './leases';

/**
 * Leadership between gateways sharing one PostgreSQL database: a session
 * advisory lock (pg_try_advisory_lock) on a connection of its own, held for
 * as long as the lead lasts. The server frees the lock when that connection
 * ends for any reason, so an instance that dies, even SIGKILLed, hands over
 * once the server sees its connection gone: at once for a process that
 * exits (its socket closes), within the keepalive below for a host that
 * vanishes. The leader learns of a loss the same way (the connection's
 * error or end, or a heartbeat that gets no answer).
 */

/** The first half of each lock's two-int key, so that these locks meet no one else's ("CRM"). */
const LOCK_NAMESPACE = 0x43_52_4d;
/** The server probes an idle lead connection after 10 s, then every 5 s, dropping it after 3 misses. */
const SERVER_KEEPALIVE =
  '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3';
const CLIENT_KEEPALIVE_MS = 10_000;
/** The leader asks its connection every 5 s and gives the lead up when 5 s pass without an answer. */
const HEARTBEAT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface PostgresLeasesOptions {
  url: string;
  /** Names the database in errors (kysely-store.ts, Engine.label). */
  label: string;
  log?: StoreLog | undefined;
}

export class PostgresLeases implements Leases {
  private readonly held = new Set<PostgresLead>();

  constructor(private readonly options: PostgresLeasesOptions) {}

  async tryLead(name: string): Promise<Leadership | undefined> {
    const client = new pg.Client({
      connectionString: this.options.url,
      // Who holds a lead, in pg_stat_activity.
      application_name: `crm lead ${name}`.slice(0, 63),
      options: SERVER_KEEPALIVE,
      keepAlive: true,
      keepAliveInitialDelayMillis: CLIENT_KEEPALIVE_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: HEARTBEAT_MS,
    });
    // Until the lead is settled a failure is the awaited call's; an 'error'
    // with no listener would end the process.
    let onFailure = (error: unknown) => {
      this.options.log?.warn(`${this.options.label}: a lead connection failed: ${reasonOf(error)}`);
    };
    client.on('error', (error) => {
      onFailure(error);
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ led: boolean }>(
        'select pg_try_advisory_lock($1, hashtext($2)) as led',
        [LOCK_NAMESPACE, name],
      );
      if (rows[0]?.led !== true) {
        await client.end();
        return undefined;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new DatabaseUnavailable(
        `${this.options.label} could not be asked who leads ${name}: ${reasonOf(error)}`,
        { cause: error },
      );
    }

    const lead = new PostgresLead(name, client, this.options.log, () => {
      this.held.delete(lead);
    });
    onFailure = (error) => {
      lead.lose(`its database connection failed (${reasonOf(error)})`);
    };
    client.on('end', () => {
      lead.lose('its database connection ended');
    });
    this.held.add(lead);
    return lead;
  }

  async close(): Promise<void> {
    await Promise.all([...this.held].map((lead) => lead.release()));
  }
}

/** A lead held: the lock's connection, watched until it is released or lost. */
class PostgresLead implements Leadership {
  readonly lost: Promise<void>;
  private markLost!: () => void;
  private ended = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    readonly name: string,
    private readonly client: pg.Client,
    private readonly log: StoreLog | undefined,
    private readonly onEnd: () => void,
  ) {
    this.lost = new Promise<void>((resolve) => {
      this.markLost = resolve;
    });
    // A connection to a host that vanished says nothing: the leader asks.
    this.heartbeat = setInterval(() => {
      client.query('select 1').catch((error: unknown) => {
        this.lose(`its database connection did not answer (${reasonOf(error)})`);
      });
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  lose(reason: string): void {
    if (this.ended) return;
    this.stop();
    this.log?.warn(`lost the lead of ${this.name}: ${reason}`);
    this.markLost();
    void this.client.end().catch(() => undefined);
  }

  async release(): Promise<void> {
    if (this.ended) return;
    this.stop();
    // Ending the session frees its locks too; unlocking first frees the lead before the socket closes.
    await this.client
      .query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, this.name])
      .catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }

  /** Whatever ends the lead, it ends once: later failures of the connection say nothing. */
  private stop(): void {
    this.ended = true;
    clearInterval(this.heartbeat);
    this.onEnd();
  }
}
