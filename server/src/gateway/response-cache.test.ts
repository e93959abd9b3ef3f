import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { UpstreamResponse } from './missive-client';
import { ResponseCache } from './response-cache';

function answer(body: unknown): UpstreamResponse {
  return { status: 200, body, retryAfter: null };
}

describe('ResponseCache', () => {
  it('serves what it stored and counts hits and misses', () => {
    const cache = new ResponseCache({ maxEntries: 10, ttlMs: 1000 });
    expect(cache.get('/contacts/1')).toBeUndefined();
    cache.set('/contacts/1', 'contacts', answer({ id: '1' }), cache.generation('contacts'));
    expect(cache.get('/contacts/1')).toEqual(answer({ id: '1' }));
    expect(cache.get('/contacts/1')?.body).toEqual({ id: '1' });
    expect(cache.stats()).toEqual({ hits: 2, misses: 1, hitRate: 2 / 3, entries: 1 });
  });

  // Real time: lru-cache keeps its own reference to performance.now, which fake timers miss.
  it('forgets an answer once its time to live has passed', async () => {
    const cache = new ResponseCache({ maxEntries: 10, ttlMs: 100 });
    cache.set('/teams', 'teams', answer([]), cache.generation('teams'));
    expect(cache.get('/teams')).toBeDefined();
    await sleep(150);
    expect(cache.get('/teams')).toBeUndefined();
  });

  it('evicts the least recently used answer when full', () => {
    const cache = new ResponseCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('/a', 'contacts', answer('a'), 0);
    cache.set('/b', 'contacts', answer('b'), 0);
    // Reading /a makes /b the least recently used.
    expect(cache.get('/a')).toBeDefined();
    cache.set('/c', 'contacts', answer('c'), 0);
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')?.body).toBe('a');
    expect(cache.get('/c')?.body).toBe('c');
    expect(cache.stats().entries).toBe(2);
  });

  it('drops every answer of the invalidated resources and keeps the others', () => {
    const cache = new ResponseCache({ maxEntries: 10, ttlMs: 60_000 });
    cache.set('/contacts/1', 'contacts', answer(1), 0);
    cache.set('/contacts/2', 'contacts', answer(2), 0);
    cache.set('/contacts?contact_book=b', 'contacts', answer([]), 0);
    cache.set('/contact_groups', 'contact_groups', answer([]), 0);
    cache.set('/teams', 'teams', answer([]), 0);
    cache.invalidate(['contacts', 'contact_groups']);
    expect(cache.get('/contacts/1')).toBeUndefined();
    expect(cache.get('/contacts/2')).toBeUndefined();
    expect(cache.get('/contacts?contact_book=b')).toBeUndefined();
    expect(cache.get('/contact_groups')).toBeUndefined();
    expect(cache.get('/teams')).toBeDefined();
    expect(cache.stats().entries).toBe(1);
  });

  it('does not store a read that started before an invalidation of its resource', () => {
    const cache = new ResponseCache({ maxEntries: 10, ttlMs: 60_000 });
    const startedAt = cache.generation('contacts');
    // A write lands while the read is under way.
    cache.invalidate(['contacts']);
    cache.set('/contacts/1', 'contacts', answer('before the write'), startedAt);
    expect(cache.get('/contacts/1')).toBeUndefined();
    // A read started after the invalidation is stored as usual.
    cache.set('/contacts/1', 'contacts', answer('after the write'), cache.generation('contacts'));
    expect(cache.get('/contacts/1')?.body).toBe('after the write');
  });

  it('lets a read be stored when only another resource was invalidated meanwhile', () => {
    const cache = new ResponseCache({ maxEntries: 10, ttlMs: 60_000 });
    const startedAt = cache.generation('contacts');
    cache.invalidate(['teams']);
    cache.invalidate([]);
    expect(cache.generation('contacts')).toBe(startedAt);
    cache.set('/contacts/1', 'contacts', answer(1), startedAt);
    expect(cache.get('/contacts/1')?.body).toBe(1);
  });
});
