import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { UpstreamResponse } from '../gateway/missive-client';
import type { ResponseCache } from '../gateway/response-cache';

/**
 * What every ResponseCache must do, in this process or shared in Redis: the
 * in-process cache runs these as unit tests, the Redis one against a real
 * server. `open` gives a new, empty cache with the given time to live.
 */
export type OpenResponseCache = (options: { ttlMs: number }) => Promise<ResponseCache>;

function answer(body: unknown): UpstreamResponse {
  return { status: 200, body, retryAfter: null };
}

export function describeResponseCache(name: string, open: OpenResponseCache): void {
  describe(name, () => {
    it('serves what it stored and counts hits and misses', async () => {
      const cache = await open({ ttlMs: 1000 });
      expect(await cache.get('/contacts/1', 'contacts')).toBeUndefined();
      const generation = await cache.generation('contacts');
      await cache.set('/contacts/1', 'contacts', answer({ id: '1' }), generation);
      expect(await cache.get('/contacts/1', 'contacts')).toEqual(answer({ id: '1' }));
      expect((await cache.get('/contacts/1', 'contacts'))?.body).toEqual({ id: '1' });
      expect(await cache.stats()).toEqual({ hits: 2, misses: 1, hitRate: 2 / 3, entries: 1 });
    });

    it('forgets an answer once its time to live has passed', async () => {
      const cache = await open({ ttlMs: 100 });
      await cache.set('/teams', 'teams', answer([]), await cache.generation('teams'));
      expect(await cache.get('/teams', 'teams')).toBeDefined();
      await sleep(150);
      expect(await cache.get('/teams', 'teams')).toBeUndefined();
      expect((await cache.stats()).entries).toBe(0);
    });

    it('drops every answer of the invalidated resources and keeps the others', async () => {
      const cache = await open({ ttlMs: 60_000 });
      await cache.set('/contacts/1', 'contacts', answer(1), 0);
      await cache.set('/contacts/2', 'contacts', answer(2), 0);
      await cache.set('/contacts?contact_book=b', 'contacts', answer([]), 0);
      await cache.set('/contact_groups', 'contact_groups', answer([]), 0);
      await cache.set('/teams', 'teams', answer([]), 0);
      await cache.invalidate(['contacts', 'contact_groups']);
      expect(await cache.get('/contacts/1', 'contacts')).toBeUndefined();
      expect(await cache.get('/contacts/2', 'contacts')).toBeUndefined();
      expect(await cache.get('/contacts?contact_book=b', 'contacts')).toBeUndefined();
      expect(await cache.get('/contact_groups', 'contact_groups')).toBeUndefined();
      expect(await cache.get('/teams', 'teams')).toBeDefined();
      expect((await cache.stats()).entries).toBe(1);
    });

    it('does not store a read that started before an invalidation of its resource', async () => {
      const cache = await open({ ttlMs: 60_000 });
      const startedAt = await cache.generation('contacts');
      // A write lands while the read is under way.
      await cache.invalidate(['contacts']);
      await cache.set('/contacts/1', 'contacts', answer('before the write'), startedAt);
      expect(await cache.get('/contacts/1', 'contacts')).toBeUndefined();
      // A read started after the invalidation is stored as usual.
      const now = await cache.generation('contacts');
      await cache.set('/contacts/1', 'contacts', answer('after the write'), now);
      expect((await cache.get('/contacts/1', 'contacts'))?.body).toBe('after the write');
    });

    it('lets a read be stored when only another resource was invalidated meanwhile', async () => {
      const cache = await open({ ttlMs: 60_000 });
      const startedAt = await cache.generation('contacts');
      await cache.invalidate(['teams']);
      await cache.invalidate([]);
      expect(await cache.generation('contacts')).toBe(startedAt);
      await cache.set('/contacts/1', 'contacts', answer(1), startedAt);
      expect((await cache.get('/contacts/1', 'contacts'))?.body).toBe(1);
    });
  });
}
