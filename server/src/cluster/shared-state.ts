import type { Config } from '../config/config';
import type { Bus } from './bus';
import { RedisBus } from './redis-bus';
import { redactUrl } from './redact-url';
import { connectRedis } from './redis-connection';
import type { BudgetOptions, BudgetStore } from '../gateway/budget';
import { RedisBudgetStore } from '../gateway/redis-budget';
import { RedisResponseCache } from '../gateway/redis-response-cache';
import type { ResponseCache } from '../gateway/response-cache';
import type { StoreLog, StoreWithMirror } from '../store/kysely-store';
import { openPostgresStore } from '../store/postgres-store';
import { openMemoryStore, openSqliteStore } from '../store/sqlite-store';

/**
 * Where a gateway keeps what several instances on one token must share.
 * Embedded (the default): the budget and cache in this process, the store in
 * SQLite. With Redis: the budget, the cache and the messages between
 * instances there. With PostgreSQL: the store there.
 */
export interface SharedStateOptions {
  /** PostgreSQL (DATABASE_URL), SQLite in a directory (DATA_DIR), or in memory (tests). */
  store: { postgres: string } | { sqlite: string } | 'memory';
  redis?: {
    url: string;
    /** REDIS_PREFIX: every key and channel starts with it. */
    prefix: string;
    /** REDIS_SLOT_LEASE_MS. */
    slotLeaseMs: number;
  };
  /** The budget's settings, which every instance must share (MISSIVE_RATE_LIMITS and the shares). */
  budget: BudgetOptions;
  cacheTtlMs: number;
  log?: StoreLog;
  onError: (error: unknown) => void;
}

export interface SharedState {
  store: StoreWithMirror;
  /** The other instances, when there may be some (Redis). */
  bus: Bus | undefined;
  /** For createGateway: unset means this process's own. */
  gateway: { budget?: BudgetStore; cache?: ResponseCache };
  /** Where each part lives, for the start-up banner. */
  where: { budget: string; store: string };
  /** Closes what it opened, the store last. */
  close: () => Promise<void>;
}

/** Where the configuration puts the shared state: DATABASE_URL or DATA_DIR, and REDIS_URL. */
export function sharedStateSettings(
  config: Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_PREFIX' | 'REDIS_SLOT_LEASE_MS'>,
  dataDir: string,
): Pick<SharedStateOptions, 'store' | 'redis'> {
  return {
    store: config.DATABASE_URL ? { postgres: config.DATABASE_URL } : { sqlite: dataDir },
    ...(config.REDIS_URL
      ? {
          redis: {
            url: config.REDIS_URL,
            prefix: config.REDIS_PREFIX,
            slotLeaseMs: config.REDIS_SLOT_LEASE_MS,
          },
        }
      : {}),
  };
}

export async function openSharedState(options: SharedStateOptions): Promise<SharedState> {
  const { redis: redisAt } = options;
  const { store, where: storeWhere } = await openStore(options.store, options.log);
  if (!redisAt) {
    return {
      store,
      bus: undefined,
      gateway: {},
      where: { budget: 'this process', store: storeWhere },
      close: () => store.close(),
    };
  }
  try {
    const where = redactUrl(redisAt.url);
    const bus = await RedisBus.open({
      url: redisAt.url,
      prefix: redisAt.prefix,
      onError: options.onError,
    });
    const redis = await connectRedis(redisAt.url, {
      name: `${redisAt.prefix}:state`,
      onError: options.onError,
    }).catch(async (error: unknown) => {
      await bus.close();
      throw error;
    });
    const budget = new RedisBudgetStore({
      ...options.budget,
      redis,
      prefix: redisAt.prefix,
      where,
      leaseMs: redisAt.slotLeaseMs,
      announce: () => {
        bus.publish('budget-freed', {});
      },
      listen: (listener) => bus.subscribe('budget-freed', listener),
      onError: options.onError,
    });
    const cache = new RedisResponseCache({
      redis,
      prefix: redisAt.prefix,
      ttlMs: options.cacheTtlMs,
      onError: options.onError,
    });
    return {
      store,
      bus,
      gateway: { budget, cache },
      where: { budget: `Redis at ${where}`, store: storeWhere },
      close: async () => {
        await budget.close();
        await bus.close();
        redis.disconnect();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The store where the settings put it, and how the banner names it. */
async function openStore(
  at: SharedStateOptions['store'],
  log: StoreLog | undefined,
): Promise<{ store: StoreWithMirror; where: string }> {
  if (at === 'memory') return { store: await openMemoryStore(), where: 'in memory' };
  const logged = log ? { log } : {};
  if ('postgres' in at) {
    return {
      store: await openPostgresStore({ url: at.postgres, ...logged }),
      where: `PostgreSQL at ${redactUrl(at.postgres)}`,
    };
  }
  return {
    store: await openSqliteStore({ dataDir: at.sqlite, ...logged }),
    where: `SQLite in ${at.sqlite}`,
  };
}
