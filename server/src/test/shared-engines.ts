import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, startRedis, type RunningPostgres, type RunningRedis } from './engines';

/** Where one gateway harness keeps its shared state: a database and a Redis prefix of its own. */
export interface HarnessEngines {
  redisUrl: string;
  prefix: string;
  databaseUrl: string;
}

/** A Redis and a PostgreSQL that several harnesses share, each on keys and a database of its own. */
export interface SharedEngines {
  redis: RunningRedis;
  postgres: RunningPostgres;
  /** A new database and prefix: what one gateway (or several, given the same) is started on. */
  forHarness: () => Promise<HarnessEngines>;
}

/**
 * Starts a Redis and a PostgreSQL before a file's tests and stops them after:
 * the gateway's suites run on them as well as embedded. Returns a getter,
 * since they exist only once the file's tests begin.
 */
export function sharedEnginesPerFile(): () => SharedEngines {
  let engines: SharedEngines | undefined;
  beforeAll(async () => {
    const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    engines = {
      redis,
      postgres,
      forHarness: async () => {
        const name = `gateway_${randomBytes(6).toString('hex')}`;
        return {
          redisUrl: redis.url,
          prefix: name,
          databaseUrl: await postgres.createDatabase(name),
        };
      },
    };
  });
  afterAll(async () => {
    await Promise.all([engines?.redis.stop(), engines?.postgres.stop()]);
  });
  return () => {
    if (!engines) throw new Error('the shared engines are used outside the tests of their file');
    return engines;
  };
}
