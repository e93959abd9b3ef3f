import { describe, expect, it } from 'vitest';
import { describeResponseCache } from '../test/response-cache-contract';
import type { UpstreamResponse } from './missive-client';
import { MemoryResponseCache } from './response-cache';

function answer(body: unknown): UpstreamResponse {
  return { status: 200, body, retryAfter: null };
}

// Real time in the contract's TTL test: lru-cache keeps its own reference to
// performance.now, which fake timers miss.
describeResponseCache('MemoryResponseCache', ({ ttlMs }) =>
  Promise.resolve(new MemoryResponseCache({ maxEntries: 10, ttlMs })),
);

describe('MemoryResponseCache in one process', () => {
  it('evicts the least recently used answer when full', async () => {
    const cache = new MemoryResponseCache({ maxEntries: 2, ttlMs: 60_000 });
    await cache.set('/a', 'contacts', answer('a'), 0);
    await cache.set('/b', 'contacts', answer('b'), 0);
    // Reading /a makes /b the least recently used.
    expect(await cache.get('/a')).toBeDefined();
    await cache.set('/c', 'contacts', answer('c'), 0);
    expect(await cache.get('/b')).toBeUndefined();
    expect((await cache.get('/a'))?.body).toBe('a');
    expect((await cache.get('/c'))?.body).toBe('c');
    expect((await cache.stats()).entries).toBe(2);
  });
});
