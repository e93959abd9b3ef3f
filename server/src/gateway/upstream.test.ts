import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { HttpError } from '../http/http-error';
import { MemoryBudgetStore } from './budget';
import { CircuitBreaker } from './circuit-breaker';
import { MissiveClient } from './missive-client';
import { MemoryResponseCache } from './response-cache';
import { Scheduler } from './scheduler';
import {
  Abandoned,
  UNKNOWN_OUTCOME,
  Upstream,
  type CompletedWrite,
  type GatewayCall,
} from './upstream';

const T0 = 1_000_000;
const BASE = 'https://missive.test/v1';

type Reply =
  | { status: number; body?: unknown; retryAfter?: string }
  | { fail: 'unreachable' | 'reset' | 'timeout' };

/**
 * Missive, scripted per request line ("GET /contacts/c1"): each request takes
 * the next reply for its line, and a held reply waits until released.
 */
class FakeMissive {
  readonly requests: string[] = [];
  private readonly replies = new Map<string, (() => Promise<Reply>)[]>();

  reply(line: string, ...replies: Reply[]): void {
    for (const reply of replies) this.queue(line).push(() => Promise.resolve(reply));
  }

  /** A reply that is sent only when the returned function is called. */
  hold(line: string, reply: Reply): () => void {
    let release = (): void => undefined;
    const sent = new Promise<Reply>((resolve) => {
      release = () => {
        resolve(reply);
      };
    });
    this.queue(line).push(() => sent);
    return () => {
      release();
    };
  }

  count(line: string): number {
    return this.requests.filter((request) => request === line).length;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const line = `${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v1/, '')}${url.search}`;
    this.requests.push(line);
    const next = this.replies.get(line)?.shift();
    if (!next) throw new Error(`unscripted request ${line}`);
    const reply = await next();
    if ('fail' in reply) {
      if (reply.fail === 'timeout')
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      // As undici reports them: the system's error code under "fetch failed".
      const code = reply.fail === 'unreachable' ? 'ECONNREFUSED' : 'ECONNRESET';
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
    }
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: {
        'content-type': 'application/json',
        ...(reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter }),
      },
    });
  };

  private queue(line: string): (() => Promise<Reply>)[] {
    const queue = this.replies.get(line) ?? [];
    this.replies.set(line, queue);
    return queue;
  }
}

function setup({
  maxRateLimitRetries,
  limits = 'concurrent=50,10000/60s',
}: { maxRateLimitRetries?: number; limits?: string } = {}) {
  const missive = new FakeMissive();
  const client = new MissiveClient({ baseUrl: BASE, token: 'token', fetch: missive.fetch });
  // Roomy limits: these tests are about what reaches Missive, not about pacing.
  const budget = new MemoryBudgetStore({
    limits: parseRateLimits(limits),
    backgroundShare: 0.5,
  });
  const clock = () => Date.now();
  const scheduler = new Scheduler({
    store: budget,
    deadlineMs: { interactive: 120_000, automation: 120_000, background: 120_000 },
    clock,
  });
  const cache = new MemoryResponseCache({ maxEntries: 100, ttlMs: 600_000 });
  const breaker = new CircuitBreaker({ clock });
  const writes: CompletedWrite[] = [];
  const upstream = new Upstream({
    client,
    scheduler,
    budget,
    cache,
    breaker,
    clock,
    onWrite: (write) => {
      writes.push(write);
    },
    // Only a shared cache or budget can fail beside the call; none here.
    onError: (error) => {
      throw error;
    },
    ...(maxRateLimitRetries === undefined ? {} : { maxRateLimitRetries }),
  });
  return { missive, budget, cache, breaker, upstream, writes };
}

function call(
  name: GatewayCall['name'],
  params: Record<string, string> = {},
  rest: Partial<GatewayCall> = {},
): GatewayCall {
  return {
    name,
    params,
    query: {},
    body: undefined,
    agent: 'agent-a',
    lane: 'interactive',
    ...rest,
  };
}

const getContact = (id: string) => call('getContact', { id });
const updateContact = (id: string) =>
  call('updateContacts', { ids: id }, { body: { contacts: [{ first_name: 'Ada' }] } });

/** Lets scripted replies and the scheduler's bookkeeping run. */
async function flush(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

describe('Upstream', () => {
  beforeEach(() => {
    // Only timers and Date: the fetch Response machinery keeps its real scheduling.
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a repeated cacheable read from the cache', async () => {
    const { missive, upstream } = setup();
    missive.reply('GET /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1' }] } });
    const first = await upstream.call(getContact('c1'));
    const second = await upstream.call(getContact('c1'));
    expect(first).toEqual({
      source: 'upstream',
      response: { status: 200, body: { contacts: [{ id: 'c1' }] }, retryAfter: null },
    });
    expect(second).toEqual({ ...first, source: 'cache' });
    expect(missive.count('GET /contacts/c1')).toBe(1);
  });

  it('asks Missive for a fresh read even when the cache has the answer, and keeps the new one', async () => {
    const { missive, upstream } = setup();
    missive.reply('GET /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1', n: 1 }] } });
    missive.reply('GET /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1', n: 2 }] } });
    await upstream.call(getContact('c1'));
    const fresh = await upstream.call({ ...getContact('c1'), fresh: true });
    expect(fresh).toMatchObject({
      source: 'upstream',
      response: { body: { contacts: [{ n: 2 }] } },
    });
    expect(await upstream.call(getContact('c1'))).toMatchObject({
      source: 'cache',
      response: { body: { contacts: [{ n: 2 }] } },
    });
  });

  it('counts each call spent on the token under the lane that spent it, and nothing else', async () => {
    const { missive, upstream } = setup();
    missive.reply('GET /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1' }] } });
    missive.reply('GET /contacts/c2', { status: 200, body: { contacts: [{ id: 'c2' }] } });
    await upstream.call(getContact('c1'));
    await upstream.call(getContact('c1'));
    await upstream.call({ ...getContact('c2'), lane: 'background' });
    expect(upstream.stats()).toMatchObject({
      upstreamCalls: 2,
      upstreamCallsByLane: { interactive: 1, automation: 0, background: 1 },
    });
  });

  it('asks Missive again after an error answer or for a read that is not cacheable', async () => {
    const { missive, upstream } = setup();
    missive.reply('GET /contacts/gone', { status: 404, body: { error: { message: 'gone' } } });
    missive.reply('GET /contacts/gone', { status: 404, body: { error: { message: 'gone' } } });
    missive.reply('GET /analytics/reports/r1', { status: 200, body: { a: 1 } });
    missive.reply('GET /analytics/reports/r1', { status: 200, body: { a: 2 } });
    for (let i = 0; i < 2; i++) {
      expect((await upstream.call(getContact('gone'))).source).toBe('upstream');
    }
    await upstream.call(call('getAnalyticsReport', { id: 'r1' }));
    const again = await upstream.call(call('getAnalyticsReport', { id: 'r1' }));
    expect(again).toMatchObject({ source: 'upstream', response: { body: { a: 2 } } });
    expect(missive.requests).toHaveLength(4);
  });

  it('joins identical concurrent reads into one call to Missive', async () => {
    const { missive, upstream } = setup();
    const release = missive.hold('GET /contacts/c1', { status: 200, body: { n: 1 } });
    missive.reply('GET /contacts/c2', { status: 200, body: { n: 2 } });
    const calls = [
      upstream.call(getContact('c1')),
      upstream.call({ ...getContact('c1'), agent: 'agent-b' }),
      upstream.call(getContact('c1')),
      upstream.call(getContact('c2')),
    ];
    await flush();
    release();
    const [first, second, third, other] = await Promise.all(calls);
    expect(first).toMatchObject({ source: 'upstream', response: { body: { n: 1 } } });
    expect(second).toMatchObject({ source: 'coalesced', response: { body: { n: 1 } } });
    expect(third?.source).toBe('coalesced');
    expect(other).toMatchObject({ source: 'upstream', response: { body: { n: 2 } } });
    expect(missive.count('GET /contacts/c1')).toBe(1);
    expect(upstream.stats()).toMatchObject({ coalesced: 2, upstreamCalls: 2 });
  });

  it('lets a person who joins a queued background read wait in their own lane', async () => {
    // Two at a time, one of them for background work, which the sync holds.
    const { missive, upstream } = setup({ limits: 'concurrent=2,10000/60s' });
    const background = { lane: 'background' as const, agent: 'sync' };
    const releaseSync = missive.hold('GET /contacts/c0', { status: 200, body: { n: 0 } });
    missive.reply('GET /contacts/c1', { status: 200, body: { n: 1 } });
    const syncing = upstream.call({ ...getContact('c0'), ...background });
    const queued = upstream.call({ ...getContact('c1'), ...background });
    await flush();
    expect(missive.requests).toEqual(['GET /contacts/c0']);

    const person = await upstream.call(getContact('c1'));

    expect(person).toMatchObject({ source: 'coalesced', response: { body: { n: 1 } } });
    await expect(queued).resolves.toMatchObject({ source: 'upstream' });
    expect(missive.count('GET /contacts/c1')).toBe(1);
    expect(upstream.stats().upstreamCallsByLane).toEqual({
      interactive: 1,
      automation: 0,
      background: 1,
    });
    releaseSync();
    await syncing;
  });

  it('does not hand a read begun before a write to someone who reads after it', async () => {
    const { missive, upstream } = setup();
    const release = missive.hold('GET /contacts/c1', {
      status: 200,
      body: { name: 'before the write' },
    });
    missive.reply('PATCH /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1' }] } });
    missive.reply('GET /contacts/c1', { status: 200, body: { name: 'after the write' } });
    const early = upstream.call(getContact('c1'));
    await flush();
    await upstream.call(updateContact('c1'));
    // The writer reads back: it must see its change, not join the read sent before it.
    const late = await upstream.call(getContact('c1'));
    expect(late).toMatchObject({
      source: 'upstream',
      response: { body: { name: 'after the write' } },
    });
    release();
    expect((await early).response.body).toEqual({ name: 'before the write' });
    // And the older answer, arriving last, has not replaced the newer one in the cache.
    const cached = await upstream.call(getContact('c1'));
    expect(cached).toMatchObject({
      source: 'cache',
      response: { body: { name: 'after the write' } },
    });
    expect(missive.count('GET /contacts/c1')).toBe(2);
  });

  it('does not cache a read that was under way when its resource was invalidated', async () => {
    const { cache, missive, upstream } = setup();
    const release = missive.hold('GET /contacts/c1', { status: 200, body: { v: 'stale' } });
    missive.reply('GET /contacts/c1', { status: 200, body: { v: 'fresh' } });
    const under = upstream.call(getContact('c1'));
    await flush();
    // A webhook says the contact changed while Missive was answering.
    await cache.invalidate(['contacts']);
    release();
    expect((await under).response.body).toEqual({ v: 'stale' });
    const next = await upstream.call(getContact('c1'));
    expect(next).toMatchObject({ source: 'upstream', response: { body: { v: 'fresh' } } });
  });

  it('waits out a 429 on a read for as long as Retry-After says, for every request, then retries', async () => {
    const { budget, missive, upstream } = setup();
    missive.reply(
      'GET /contacts/c1',
      { status: 429, body: { error: { message: 'slow down' } }, retryAfter: '2' },
      { status: 200, body: { ok: true } },
    );
    missive.reply('GET /contacts/c2', { status: 200, body: { other: true } });
    const limited = upstream.call(getContact('c1'));
    await flush();
    expect((await budget.snapshot(Date.now())).pausedUntil).toBe(T0 + 2000);
    // Someone else's request during the pause waits too.
    const bystander = upstream.call({ ...getContact('c2'), agent: 'agent-b' });
    await vi.advanceTimersByTimeAsync(1999);
    expect(missive.requests).toEqual(['GET /contacts/c1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(await limited).toMatchObject({ source: 'upstream', response: { status: 200 } });
    expect((await bystander).response.status).toBe(200);
    expect(missive.count('GET /contacts/c1')).toBe(2);
    expect(upstream.stats()).toMatchObject({ rateLimited: 1, retried: 0 });
  });

  it('repeats a write refused with 429, and reports it once', async () => {
    const { missive, upstream, writes } = setup();
    missive.reply(
      'PATCH /contacts/c1',
      { status: 429, retryAfter: '1' },
      { status: 200, body: { contacts: [{ id: 'c1' }] } },
    );
    const write = upstream.call(updateContact('c1'));
    await vi.advanceTimersByTimeAsync(999);
    expect(missive.count('PATCH /contacts/c1')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await write).response.status).toBe(200);
    expect(missive.count('PATCH /contacts/c1')).toBe(2);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.response?.status).toBe(200);
  });

  it('waits 5 s after a 429 without Retry-After and gives up after the allowed retries', async () => {
    const { missive, upstream } = setup({ maxRateLimitRetries: 1 });
    missive.reply('GET /teams', { status: 429 }, { status: 429 }, { status: 200, body: [] });
    const limited = upstream.call(call('listTeams'));
    await vi.advanceTimersByTimeAsync(4999);
    expect(missive.count('GET /teams')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await limited).response.status).toBe(429);
    expect(missive.count('GET /teams')).toBe(2);
    expect(upstream.stats().rateLimited).toBe(2);
  });

  it("does not believe a Retry-After longer than Missive's longest window", async () => {
    const { budget, missive, upstream } = setup({ maxRateLimitRetries: 0 });
    missive.reply('GET /teams', { status: 429, retryAfter: String(24 * 3600) });
    await upstream.call(call('listTeams'));
    expect((await budget.snapshot(Date.now())).pausedUntil).toBe(T0 + 15 * 60_000);
  });

  it('retries a read once after a 5xx answer', async () => {
    const { missive, upstream } = setup();
    missive.reply('GET /contacts/c1', { status: 500 }, { status: 200, body: { ok: true } });
    missive.reply('GET /contacts/c2', { status: 502 }, { status: 503 }, { status: 200 });
    expect((await upstream.call(getContact('c1'))).response).toMatchObject({ status: 200 });
    // Only once: the second failure is the answer.
    expect((await upstream.call(getContact('c2'))).response.status).toBe(503);
    expect(missive.count('GET /contacts/c2')).toBe(2);
    expect(upstream.stats().retried).toBe(2);
  });

  it('retries a read once when Missive cannot be reached or does not answer in time', async () => {
    const { missive, upstream } = setup();
    missive.reply('GET /contacts/c1', { fail: 'unreachable' }, { status: 200, body: { n: 1 } });
    missive.reply('GET /contacts/c2', { fail: 'timeout' }, { status: 200, body: { n: 2 } });
    missive.reply('GET /contacts/c3', { fail: 'reset' }, { fail: 'timeout' });
    expect((await upstream.call(getContact('c1'))).response.body).toEqual({ n: 1 });
    expect((await upstream.call(getContact('c2'))).response.body).toEqual({ n: 2 });
    const failure = await upstream.call(getContact('c3')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).status).toBe(504);
    expect(missive.count('GET /contacts/c3')).toBe(2);
  });

  it('spends nothing of the budget on calls Missive never received', async () => {
    const { missive, upstream, budget } = setup();
    missive.reply('GET /contacts/c1', { fail: 'unreachable' }, { fail: 'unreachable' });
    const failure = await upstream.call(getContact('c1')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'upstream_unreachable' });
    expect(missive.count('GET /contacts/c1')).toBe(2);
    expect(upstream.stats().upstreamCalls).toBe(0);
    expect((await budget.snapshot(Date.now())).windows[0]?.used).toBe(0);
  });

  it('fails at once while Missive is down, probes after a second, and serves as soon as it answers', async () => {
    const { missive, upstream } = setup();
    // Two reads of two attempts each: the circuit opens on the third failure.
    missive.reply('GET /contacts/c1', { fail: 'unreachable' }, { fail: 'unreachable' });
    missive.reply('GET /contacts/c2', { fail: 'unreachable' });
    await upstream.call(getContact('c1')).catch(() => undefined);
    await upstream.call(getContact('c2')).catch(() => undefined);
    const sent = missive.requests.length;
    const refused = await upstream.call(getContact('c3')).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 502, headers: { 'Retry-After': '1' } });
    expect((refused as Error).message).toMatch(/unreachable .* nothing was sent/);
    expect(missive.requests.length).toBe(sent);

    await vi.advanceTimersByTimeAsync(1000);
    missive.reply('GET /contacts/c3', { status: 200, body: { back: true } });
    expect((await upstream.call(getContact('c3'))).response.body).toEqual({ back: true });
  });

  it('does not repeat a write answered with a 5xx, and keeps the cache', async () => {
    const { missive, upstream, writes } = setup();
    missive.reply('GET /contacts/c1', { status: 200, body: { v: 1 } });
    missive.reply('PATCH /contacts/c1', { status: 500 }, { status: 200 });
    await upstream.call(getContact('c1'));
    const write = await upstream.call(updateContact('c1'));
    expect(write.response.status).toBe(500);
    expect(missive.count('PATCH /contacts/c1')).toBe(1);
    expect((await upstream.call(getContact('c1'))).source).toBe('cache');
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ response: { status: 500 }, error: undefined });
  });

  it('does not repeat a write that timed out, and says it may have been applied', async () => {
    const { missive, upstream, writes } = setup();
    missive.reply('PATCH /contacts/c1', { fail: 'timeout' }, { status: 200 });
    const failure = await upstream.call(updateContact('c1')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).status).toBe(504);
    expect((failure as HttpError).message).toMatch(/may or may not have been applied/);
    expect(missive.count('PATCH /contacts/c1')).toBe(1);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ response: undefined, path: '/v1/contacts/c1' });
    expect(writes[0]?.error).toBe(`${UNKNOWN_OUTCOME}: Missive did not answer within 20 s`);
  });

  it('says a write whose connection broke after it was sent may have been applied', async () => {
    const { missive, upstream, writes } = setup();
    missive.reply('PATCH /contacts/c1', { fail: 'reset' }, { status: 200 });
    const failure = await upstream.call(updateContact('c1')).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 504 });
    expect((failure as HttpError).message).toMatch(/may or may not have been applied/);
    expect(missive.count('PATCH /contacts/c1')).toBe(1);
    expect(writes[0]?.error).toMatch(new RegExp(`^${UNKNOWN_OUTCOME}: The connection to Missive`));
  });

  it('does not repeat a write when Missive cannot be reached, which was certainly not applied', async () => {
    const { missive, upstream, writes } = setup();
    missive.reply('PATCH /contacts/c1', { fail: 'unreachable' }, { status: 200 });
    const failure = await upstream.call(updateContact('c1')).catch((error: unknown) => error);
    expect((failure as HttpError).status).toBe(502);
    expect(missive.count('PATCH /contacts/c1')).toBe(1);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.error).toMatch(/could not be reached/);
    expect(writes[0]?.error).not.toMatch(UNKNOWN_OUTCOME);
  });

  it('drops cached reads of exactly what a successful write changes, and reports the write', async () => {
    const { missive, upstream, writes } = setup();
    const groups = call('listContactGroups', {}, { query: { contact_book: 'b1', kind: 'group' } });
    missive.reply(
      'GET /contacts/c1',
      { status: 200, body: { v: 1 } },
      { status: 200, body: { v: 2 } },
    );
    missive.reply(
      'GET /contact_groups?contact_book=b1&kind=group',
      { status: 200 },
      { status: 200 },
    );
    missive.reply('GET /conversations/x1', { status: 200, body: { conversations: [] } });
    missive.reply('PATCH /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1' }] } });
    for (const read of [getContact('c1'), groups, call('getConversation', { id: 'x1' })]) {
      await upstream.call(read);
    }
    const write = updateContact('c1');
    await upstream.call(write);
    expect(await upstream.call(getContact('c1'))).toMatchObject({
      source: 'upstream',
      response: { body: { v: 2 } },
    });
    expect((await upstream.call(groups)).source).toBe('upstream');
    expect((await upstream.call(call('getConversation', { id: 'x1' }))).source).toBe('cache');
    expect(writes).toEqual([
      {
        call: write,
        path: '/v1/contacts/c1',
        response: { status: 200, body: { contacts: [{ id: 'c1' }] }, retryAfter: null },
        error: undefined,
      },
    ]);
  });
});

describe('Upstream.abandon (the shutdown grace is over)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a write Missive has not answered as of unknown outcome, audited once with its agent and body', async () => {
    const { missive, upstream, writes } = setup();
    const release = missive.hold('PATCH /contacts/c1', { status: 200, body: { contacts: [] } });
    const write = updateContact('c1');
    const answer = upstream.call(write).catch((error: unknown) => error);
    await flush();
    expect(missive.count('PATCH /contacts/c1')).toBe(1);

    await upstream.abandon();
    // Audited before abandon() resolves: the store may close right after.
    expect(writes).toEqual([
      {
        call: write,
        path: '/v1/contacts/c1',
        response: undefined,
        error: `${UNKNOWN_OUTCOME}: the gateway is shutting down and stopped waiting for Missive's answer`,
      },
    ]);
    const failure = await answer;
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect((failure as HttpError).message).toMatch(
      /shutting down .* may or may not have been applied, so check before repeating it/,
    );

    // Missive's late answer reaches nobody and is not recorded a second time.
    release();
    await flush();
    expect(writes).toHaveLength(1);
  });

  it('refuses the reads under way, joined ones included, as safe to repeat', async () => {
    const { missive, upstream } = setup();
    missive.hold('GET /contacts/c1', { status: 200, body: { n: 1 } });
    const first = upstream.call(getContact('c1')).catch((error: unknown) => error);
    const joined = upstream.call(getContact('c1')).catch((error: unknown) => error);
    await flush();
    await upstream.abandon();
    for (const refused of [await first, await joined]) {
      expect(refused).toBeInstanceOf(Abandoned);
      expect(refused).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    }
    expect(missive.count('GET /contacts/c1')).toBe(1);
  });

  it('leaves a write answered before it as it was', async () => {
    const { missive, upstream, writes } = setup();
    missive.reply('PATCH /contacts/c1', { status: 200, body: { contacts: [{ id: 'c1' }] } });
    expect((await upstream.call(updateContact('c1'))).response.status).toBe(200);
    await upstream.abandon();
    expect(writes).toHaveLength(1);
    expect(writes[0]?.error).toBeUndefined();
  });
});
