import { LRUCache } from 'lru-cache';
import type { Resource } from '@crm/shared/missive/endpoints';
import type { UpstreamResponse } from './missive-client';

interface Entry {
  resource: Resource;
  response: UpstreamResponse;
}

export interface CacheStats {
  hits: number;
  misses: number;
  hitRate: number;
  entries: number;
}

/**
 * Missive's answers to cacheable reads, kept briefly: in this process
 * (MemoryResponseCache) or shared by every gateway instance (Redis).
 * Writes made through the gateway and webhook events drop every entry of the
 * resources they touch. A read that started before such a drop may bring
 * back what the write just changed, so each resource has a generation and a
 * read stores its answer only if the generation it started under is still
 * current.
 */
export interface ResponseCache {
  get(key: string, resource: Resource): Promise<UpstreamResponse | undefined>;
  generation(resource: Resource): Promise<number>;
  set(
    key: string,
    resource: Resource,
    response: UpstreamResponse,
    startedAtGeneration: number,
  ): Promise<void>;
  invalidate(resources: readonly Resource[]): Promise<void>;
  /** Hits and misses are this instance's; entries are what the cache holds. */
  stats(): Promise<CacheStats>;
}

/** The cache of a single gateway: an LRU map in this process. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly generations = new Map<Resource, number>();
  private counters = { hits: 0, misses: 0 };

  constructor({ maxEntries, ttlMs }: { maxEntries: number; ttlMs: number }) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlMs, ttlAutopurge: false });
  }

  get(key: string): Promise<UpstreamResponse | undefined> {
    const entry = this.entries.get(key);
    if (entry) this.counters.hits += 1;
    else this.counters.misses += 1;
    return Promise.resolve(entry?.response);
  }

  generation(resource: Resource): Promise<number> {
    return Promise.resolve(this.current(resource));
  }

  set(
    key: string,
    resource: Resource,
    response: UpstreamResponse,
    startedAtGeneration: number,
  ): Promise<void> {
    if (this.current(resource) === startedAtGeneration)
      this.entries.set(key, { resource, response });
    return Promise.resolve();
  }

  invalidate(resources: readonly Resource[]): Promise<void> {
    for (const resource of resources) this.generations.set(resource, this.current(resource) + 1);
    for (const [key, entry] of this.entries.entries()) {
      if (resources.includes(entry.resource)) this.entries.delete(key);
    }
    return Promise.resolve();
  }

  stats(): Promise<CacheStats> {
    return Promise.resolve(cacheStats(this.counters, this.entries.size));
  }

  private current(resource: Resource): number {
    return this.generations.get(resource) ?? 0;
  }
}

/** Both caches' report: this instance's hits and misses, and what the cache holds. */
export function cacheStats(
  counters: { hits: number; misses: number },
  entries: number,
): CacheStats {
  const lookups = counters.hits + counters.misses;
  return { ...counters, hitRate: lookups ? counters.hits / lookups : 0, entries };
}
