import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../cluster/redis-connection';
import { describeResponseCache } from '../test/response-cache-contract';
import { startRedis, type RunningRedis } from '../test/engines';
import { RedisResponseCache } from './redis-response-cache';

let server: RunningRedis;
let redis: Redis;
const errors: unknown[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url, { name: 'cache-test', onError: () => undefined });
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

function open(ttlMs: number, prefix = `cache-${randomBytes(6).toString('hex')}`) {
  return new RedisResponseCache({ redis, prefix, ttlMs, onError: (error) => errors.push(error) });
}

describeResponseCache('RedisResponseCache', ({ ttlMs }) => Promise.resolve(open(ttlMs)));

describe('RedisResponseCache shared by several gateway instances', () => {
  const answer = { status: 200, body: { id: 'c1' }, retryAfter: null };

  it('serves one instance what another fetched, and an invalidation on either drops it for both', async () => {
    const prefix = `shared-${randomBytes(6).toString('hex')}`;
    const [first, second] = [open(60_000, prefix), open(60_000, prefix)];
    await first.set('/contacts/c1', 'contacts', answer, await first.generation('contacts'));
    expect(await second.get('/contacts/c1', 'contacts')).toEqual(answer);
    await second.invalidate(['contacts']);
    expect(await first.get('/contacts/c1', 'contacts')).toBeUndefined();
    // A read the first instance began before the second's invalidation is not stored.
    expect(await first.generation('contacts')).toBe(1);
    expect(errors).toEqual([]);
  });

  it('treats an entry it cannot read as a miss, not as an answer', async () => {
    const prefix = `hostile-${randomBytes(6).toString('hex')}`;
    const cache = open(60_000, prefix);
    await cache.set('/teams', 'teams', answer, 0);
    const [entry] = await redis.keys(`${prefix}:{cache}:entry:teams:*`);
    expect(entry).toBeDefined();
    await redis.set(entry ?? '', '{"status":"not a number"}');
    expect(await cache.get('/teams', 'teams')).toBeUndefined();
  });

  it('misses and stores nothing while Redis is down, and refuses an invalidation it could not make', async () => {
    const own = await startRedis();
    const connection = await connectRedis(own.url, {
      name: 'cache-down',
      onError: () => undefined,
    });
    try {
      const cache = new RedisResponseCache({
        redis: connection,
        prefix: 'down',
        ttlMs: 60_000,
        onError: () => undefined,
      });
      await cache.set('/teams', 'teams', answer, 0);
      await own.pause();
      expect(await cache.get('/teams', 'teams')).toBeUndefined();
      expect(Number.isNaN(await cache.generation('teams'))).toBe(true);
      await expect(cache.set('/teams', 'teams', answer, Number.NaN)).resolves.toBeUndefined();
      await expect(cache.invalidate(['teams'])).rejects.toThrow();
      expect((await cache.stats()).misses).toBe(1);
    } finally {
      connection.disconnect();
      await own.stop();
    }
  });
});
