import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { resources, type Resource } from '@crm/shared/missive/endpoints';
import { isReplyError, RedisScript } from '../cluster/redis-script';
import type { UpstreamResponse } from './missive-client';
import { cacheStats, type CacheStats, type ResponseCache } from './response-cache';

/**
 * Keys, all under one hash tag so that a Redis Cluster keeps them together:
 * `gen:<resource>` its generation; `entry:<resource>:<generation>:<url
 * digest>` an answer; `index:<resource>` (ZSET entry → expiry) what a
 * resource holds, so that an invalidation deletes its entries and the
 * report counts them. A bumped generation alone would already hide the old
 * entries; deleting them frees the memory at once.
 */
const GET = new RedisScript(`
local generation = redis.call('GET', KEYS[1]) or '0'
return redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])
`);

/** KEYS: generation, index. ARGV: entry prefix, digest, started generation, answer, ttl, expiry, now. */
const SET = new RedisScript(`
local generation = redis.call('GET', KEYS[1]) or '0'
if generation ~= ARGV[3] then return 0 end
local key = ARGV[1] .. generation .. ':' .. ARGV[2]
redis.call('SET', key, ARGV[4], 'PX', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[6], key)
-- Entries that lapsed leave the index here too, not only when the report counts.
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[7])
return 1
`);

/** KEYS: pairs of generation and index, one pair per resource. */
const INVALIDATE = new RedisScript(`
for i = 1, #KEYS, 2 do
  redis.call('INCR', KEYS[i])
  local held = redis.call('ZRANGE', KEYS[i + 1], 0, -1)
  for start = 1, #held, 500 do
    redis.call('DEL', unpack(held, start, math.min(start + 499, #held)))
  end
  redis.call('DEL', KEYS[i + 1])
end
return 0
`);

/** KEYS: every index. ARGV[1]: now (ms). */
const COUNT = new RedisScript(`
local total = 0
for i = 1, #KEYS do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[1])
  total = total + redis.call('ZCARD', KEYS[i])
end
return total
`);

const storedAnswerSchema = z.object({
  status: z.number().int(),
  body: z.unknown(),
  retryAfter: z.string().nullable(),
});

export interface RedisResponseCacheOptions {
  redis: Redis;
  /** Names the keys (`<prefix>:{cache}:…`). */
  prefix: string;
  ttlMs: number;
  clock?: () => number;
  /** A failure the cache got past (see the class comment). */
  onError: (error: unknown) => void;
}

/**
 * The response cache shared by every gateway instance: an answer one
 * instance fetched serves the others, and an invalidation on one (its own
 * write, a webhook it received) drops the entry everywhere.
 *
 * Redis down: a lookup is a miss and a store is skipped (the call itself then
 * meets the shared budget, which refuses it); an invalidation fails loudly,
 * since a stale entry would outlive it, for at most the time to live.
 */
export class RedisResponseCache implements ResponseCache {
  private readonly base: string;
  private readonly counters = { hits: 0, misses: 0 };
  private readonly clock: () => number;

  constructor(private readonly options: RedisResponseCacheOptions) {
    this.base = `${options.prefix}:{cache}`;
    this.clock = options.clock ?? Date.now;
  }

  async get(key: string, resource: Resource): Promise<UpstreamResponse | undefined> {
    let stored: unknown;
    try {
      stored = await GET.run(
        this.options.redis,
        [this.generationKey(resource)],
        [this.entryPrefix(resource), digest(key)],
      );
    } catch (error) {
      this.report(error);
      stored = null;
    }
    const answer = typeof stored === 'string' ? parseAnswer(stored) : undefined;
    if (answer) this.counters.hits += 1;
    else this.counters.misses += 1;
    return answer;
  }

  async generation(resource: Resource): Promise<number> {
    try {
      return Number((await this.options.redis.get(this.generationKey(resource))) ?? '0');
    } catch (error) {
      this.report(error);
      // No generation can match it: what the read brings back is not stored.
      return Number.NaN;
    }
  }

  async set(
    key: string,
    resource: Resource,
    response: UpstreamResponse,
    startedAtGeneration: number,
  ): Promise<void> {
    if (!Number.isInteger(startedAtGeneration)) return;
    try {
      await SET.run(
        this.options.redis,
        [this.generationKey(resource), this.indexKey(resource)],
        [
          this.entryPrefix(resource),
          digest(key),
          String(startedAtGeneration),
          JSON.stringify(response),
          String(this.options.ttlMs),
          String(this.clock() + this.options.ttlMs),
          String(this.clock()),
        ],
      );
    } catch (error) {
      this.report(error);
    }
  }

  async invalidate(list: readonly Resource[]): Promise<void> {
    if (!list.length) return;
    const keys = list.flatMap((resource) => [
      this.generationKey(resource),
      this.indexKey(resource),
    ]);
    await INVALIDATE.run(this.options.redis, keys, []);
  }

  async stats(): Promise<CacheStats> {
    let entries = 0;
    try {
      const keys = resources.map((resource) => this.indexKey(resource));
      entries = Number(await COUNT.run(this.options.redis, keys, [String(this.clock())]));
    } catch (error) {
      this.report(error);
    }
    return cacheStats(this.counters, entries);
  }

  private report(error: unknown): void {
    // A fault in a script is a bug to hear about; an outage is reported by the connection.
    if (isReplyError(error)) this.options.onError(error);
  }

  private generationKey(resource: Resource): string {
    return `${this.base}:gen:${resource}`;
  }

  private indexKey(resource: Resource): string {
    return `${this.base}:index:${resource}`;
  }

  private entryPrefix(resource: Resource): string {
    return `${this.base}:entry:${resource}:`;
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** What another instance stored is checked like any input: a bad entry is a miss. */
function parseAnswer(stored: string): UpstreamResponse | undefined {
  try {
    const parsed = storedAnswerSchema.safeParse(JSON.parse(stored));
    if (!parsed.success) return undefined;
    const { status, body, retryAfter } = parsed.data;
    return { status, body, retryAfter };
  } catch {
    return undefined;
  }
}
