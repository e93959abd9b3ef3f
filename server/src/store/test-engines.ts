import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type RunningPostgres } from '../test/engines';
import type { StoreWithMirror } from './kysely-store';
import { openPostgresStore } from './postgres-store';
import { openMemoryStore } from './sqlite-store';

/**
 * The engines the store's suites run on: each `open` gives a store over a
 * fresh, empty database, so one suite body covers SQLite (unit tests) and
 * PostgreSQL (integration tests, against a real server).
 */
export interface StoreEngine {
  name: string;
  open: () => Promise<StoreWithMirror>;
}

export const sqliteEngine: StoreEngine = { name: 'SQLite', open: openMemoryStore };

export interface PostgresEngine extends StoreEngine {
  /** A fresh database's URL, for tests that open several stores on one database. */
  createDatabase: () => Promise<string>;
  server: () => RunningPostgres;
}

/**
 * One PostgreSQL server for the calling test file, started before its tests
 * and stopped after them; a new database for each store opened.
 */
export function postgresEngine(): PostgresEngine {
  let running: RunningPostgres | undefined;
  let databases = 0;
  beforeAll(async () => {
    running = await startPostgres();
  });
  afterAll(async () => {
    await running?.stop();
  });
  const server = () => {
    if (!running)
      throw new Error('PostgreSQL is not running: call postgresEngine() at the top of a test file');
    return running;
  };
  const createDatabase = () => server().createDatabase(`store_${++databases}`);
  return {
    name: 'PostgreSQL',
    server,
    createDatabase,
    open: async () => openPostgresStore({ url: await createDatabase() }),
  };
}
