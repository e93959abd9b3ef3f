import { LRUCache } from 'lru-cache';
import type { Resource } from '@crm/shared/missive/endpoints';
import type { UpstreamResponse } from './missive-client';

interface Entry {
  resource: Resource;
  response: UpstreamResponse;
}

/**
 * Missive answers to cacheable reads, kept briefly. Writes made through the
 * gateway and webhook events drop every entry of the resources they touch.
 * A read that started before such a drop may bring back what the write just
 * changed, so each resource has a generation and a read stores its answer
 * only if the generation it started under is still current.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly generations = new Map<Resource, number>();
  private counters = { hits: 0, misses: 0 };

  constructor({ maxEntries, ttlMs }: { maxEntries: number; ttlMs: number }) {
    this.entries = new LRUCache({ max: maxEntries, ttl: ttlMs, ttlAutopurge: false });
  }

  get(key: string): UpstreamResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) this.counters.hits += 1;
    else this.counters.misses += 1;
    return entry?.response;
  }

  generation(resource: Resource): number {
    return this.generations.get(resource) ?? 0;
  }

  set(
    key: string,
    resource: Resource,
    response: UpstreamResponse,
    startedAtGeneration: number,
  ): void {
    if (this.generation(resource) !== startedAtGeneration) return;
    this.entries.set(key, { resource, response });
  }

  invalidate(resources: readonly Resource[]): void {
    if (!resources.length) return;
    for (const resource of resources) this.generations.set(resource, this.generation(resource) + 1);
    for (const [key, entry] of this.entries.entries()) {
      if (resources.includes(entry.resource)) this.entries.delete(key);
    }
  }

  stats(): { hits: number; misses: number; hitRate: number; entries: number } {
    const lookups = this.counters.hits + this.counters.misses;
    return {
      ...this.counters,
      hitRate: lookups ? this.counters.hits / lookups : 0,
      entries: this.entries.size,
    };
  }
}
