import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { redactUrl } from '../cluster/redact-url';
import { connectRedis } from '../cluster/redis-connection';
import { HttpError } from '../http/http-error';
import { describeBudgetStore } from '../test/budget-contract';
import { startRedis, type RunningRedis } from '../test/engines';
import type { BudgetOptions } from './budget';
import { RedisBudgetStore } from './redis-budget';
import { Scheduler } from './scheduler';

let server: RunningRedis;
let redis: Redis;
const opened: RedisBudgetStore[] = [];

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url, { name: 'budget-test', onError: () => undefined });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

/** A store on its own keys: each test's budget starts empty. */
function open(
  options: BudgetOptions,
  extra: Partial<ConstructorParameters<typeof RedisBudgetStore>[0]> = {},
  prefix = `test-${randomBytes(6).toString('hex')}`,
): RedisBudgetStore {
  const store = new RedisBudgetStore({
    ...options,
    redis,
    prefix,
    where: redactUrl(server.url),
    leaseMs: 10_000,
    ...extra,
  });
  opened.push(store);
  return store;
}

// On the tests' clock, as the in-process store is: they move time by hand.
describeBudgetStore('RedisBudgetStore', (options) =>
  Promise.resolve(open(options, { time: 'caller' })),
);

describe('RedisBudgetStore shared by several gateway instances', () => {
  it('never lets three instances together past the concurrency limit or a window', async () => {
    const prefix = `shared-${randomBytes(6).toString('hex')}`;
    // 20 allowed per window (21 − 1 of margin), 3 at once.
    const options = {
      limits: parseRateLimits('concurrent=3,21/60s'),
      backgroundShare: 0.3,
      pace: false,
    };
    const instances = [
      open(options, {}, prefix),
      open(options, {}, prefix),
      open(options, {}, prefix),
    ];
    let inFlight = 0;
    let most = 0;
    let admitted = 0;
    // Every instance tries at once, holding what it gets for a moment, until the window is spent.
    await Promise.all(
      instances.flatMap((store) =>
        Array.from({ length: 4 }, async () => {
          for (let attempt = 0; attempt < 30; attempt++) {
            const acquired = await store.tryAcquire(Date.now(), 'interactive');
            if (!acquired.ok) {
              await new Promise((resolve) => setTimeout(resolve, 2));
              continue;
            }
            admitted += 1;
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 3));
            inFlight -= 1;
            await store.release(acquired.ticket, true, Date.now());
          }
        }),
      ),
    );
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
    expect(admitted).toBe(20);
    const seen = await instances[1]?.snapshot(Date.now());
    expect(seen?.windows[0]).toMatchObject({ used: 20, allowed: 20 });
    expect(seen?.inFlight).toBe(0);
  });

  it('frees the slot of an instance that died holding it once its lease lapses, and wakes who waits', async () => {
    const prefix = `lease-${randomBytes(6).toString('hex')}`;
    const options = {
      limits: parseRateLimits('concurrent=1,100/60s'),
      backgroundShare: 0.3,
      pace: false,
    };
    const dying = open(options, { leaseMs: 300 }, prefix);
    const survivor = open(options, { leaseMs: 300 }, prefix);
    expect((await dying.tryAcquire(Date.now(), 'interactive')).ok).toBe(true);
    // Killed: it renews nothing and releases nothing.
    await dying.close();
    const scheduler = new Scheduler({
      store: survivor,
      deadlineMs: { interactive: 5000, automation: 5000, background: 5000 },
    });
    const asked = Date.now();
    await expect(scheduler.run('interactive', 'a', () => Promise.resolve('served'))).resolves.toBe(
      'served',
    );
    // Not before the lease (300 ms) lapsed, and promptly after it.
    const waited = Date.now() - asked;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(2000);
    scheduler.close();
  });

  it('keeps a slot held past its lease while its instance renews it', async () => {
    const prefix = `renew-${randomBytes(6).toString('hex')}`;
    const options = {
      limits: parseRateLimits('concurrent=1,100/60s'),
      backgroundShare: 0.3,
      pace: false,
    };
    const holder = open(options, { leaseMs: 300 }, prefix);
    const other = open(options, { leaseMs: 300 }, prefix);
    const held = await holder.tryAcquire(Date.now(), 'interactive');
    expect(held.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await other.tryAcquire(Date.now(), 'interactive')).toEqual({
      ok: false,
      retryAt: Number.POSITIVE_INFINITY,
    });
    if (held.ok) await holder.release(held.ticket, true, Date.now());
    expect((await other.tryAcquire(Date.now(), 'interactive')).ok).toBe(true);
  });

  it('tells the other instances at once when a request ends, without waiting for a lease', async () => {
    const prefix = `announce-${randomBytes(6).toString('hex')}`;
    const options = {
      limits: parseRateLimits('concurrent=1,100/60s'),
      backgroundShare: 0.3,
      pace: false,
    };
    // The bus, reduced to what the stores need: one listener list for both "instances".
    const listeners: (() => void)[] = [];
    const bus = {
      announce: () => {
        for (const listener of listeners) listener();
      },
      listen: (listener: () => void) => {
        listeners.push(listener);
        return () => undefined;
      },
    };
    const first = open(options, { leaseMs: 60_000, ...bus }, prefix);
    const second = open(options, { leaseMs: 60_000, ...bus }, prefix);
    const held = await first.tryAcquire(Date.now(), 'interactive');
    const scheduler = new Scheduler({
      store: second,
      deadlineMs: { interactive: 5000, automation: 5000, background: 5000 },
    });
    const waiting = scheduler.run('interactive', 'b', () => Promise.resolve('served'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (held.ok) await first.release(held.ticket, true, Date.now());
    const released = Date.now();
    await expect(waiting).resolves.toBe('served');
    expect(Date.now() - released).toBeLessThan(1000);
    scheduler.close();
  });

  it('keeps counting what was spent when Redis restarts empty: each instance puts back its own starts and slots', async () => {
    const own = await startRedis();
    const connection = await connectRedis(own.url, {
      name: 'restart-test',
      onError: () => undefined,
    });
    try {
      // 11 allowed per minute, one at a time.
      const options = {
        limits: parseRateLimits('concurrent=1,12/60s'),
        backgroundShare: 0.3,
        pace: false,
      };
      const make = () => {
        const store = new RedisBudgetStore({
          ...options,
          redis: connection,
          prefix: 'restart',
          where: redactUrl(own.url),
          leaseMs: 600,
        });
        opened.push(store);
        return store;
      };
      const [first, second] = [make(), make()];
      for (let i = 0; i < 4; i++) {
        const taken = await first.tryAcquire(Date.now(), 'interactive');
        if (!taken.ok) throw new Error('refused before the window was full');
        await first.release(taken.ticket, true, Date.now());
      }
      for (let i = 0; i < 4; i++) {
        const taken = await second.tryAcquire(Date.now(), 'interactive');
        if (!taken.ok) throw new Error('refused before the window was full');
        await second.release(taken.ticket, true, Date.now());
      }
      // The first holds the only slot, its request still at Missive, as Redis restarts empty.
      const held = await first.tryAcquire(Date.now(), 'interactive');
      expect(held.ok).toBe(true);
      await own.restart();
      // Back, and settling: nobody starts until every instance had its turn to put back its own.
      let settling: unknown = 'down';
      for (let tries = 0; tries < 50 && settling === 'down'; tries++) {
        settling = await second.tryAcquire(Date.now(), 'interactive').catch(() => 'down');
        if (settling === 'down') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(settling).toMatchObject({ ok: false });
      await new Promise((resolve) => setTimeout(resolve, 400));
      // The first's slot is back: still the only one, held.
      expect(await second.tryAcquire(Date.now(), 'interactive')).toEqual({
        ok: false,
        retryAt: Number.POSITIVE_INFINITY,
      });
      // Every start before the restart still counts: 4 + 4 + the one that was running.
      if (held.ok) await first.release(held.ticket, true, Date.now());
      expect(await first.snapshot(Date.now())).toMatchObject({
        inFlight: 0,
        windows: [{ used: 9, allowed: 11 }],
      });
    } finally {
      connection.disconnect();
      await own.stop();
    }
  });

  it('gives a slot freed on one instance to a person waiting on another before any background work', async () => {
    const prefix = `people-${randomBytes(6).toString('hex')}`;
    const options = {
      limits: parseRateLimits('concurrent=2,100/60s'),
      backgroundShare: 1,
      pace: false,
    };
    const [holder, person, sync] = [
      open(options, { instance: 'holder' }, prefix),
      open(options, { instance: 'person' }, prefix),
      open(options, { instance: 'sync' }, prefix),
    ];
    const first = await holder.tryAcquire(Date.now(), 'interactive');
    const second = await holder.tryAcquire(Date.now(), 'interactive');
    expect(await person.tryAcquire(Date.now(), 'interactive')).toEqual({
      ok: false,
      retryAt: Number.POSITIVE_INFINITY,
    });
    if (!first.ok || !second.ok) throw new Error('the holder should have both slots');
    await holder.release(first.ticket, true, Date.now());
    // The sync's instance hears of the free slot first, and is refused it.
    const background = await sync.tryAcquire(Date.now(), 'background');
    expect(background.ok).toBe(false);
    expect((await person.tryAcquire(Date.now(), 'interactive')).ok).toBe(true);
    // Nobody waits any more: background work goes on.
    await holder.release(second.ticket, true, Date.now());
    expect((await sync.tryAcquire(Date.now(), 'background')).ok).toBe(true);
  });

  it("runs on Redis's clock: an instance whose clock runs ahead takes no one else's slot", async () => {
    const prefix = `clock-${randomBytes(6).toString('hex')}`;
    const options = {
      limits: parseRateLimits('concurrent=1,100/60s'),
      backgroundShare: 0.3,
      pace: false,
    };
    const punctual = open(options, { leaseMs: 1000 }, prefix);
    const ahead = open(options, { leaseMs: 1000, clock: () => Date.now() + 5000 }, prefix);
    expect((await punctual.tryAcquire(Date.now(), 'interactive')).ok).toBe(true);
    // Five seconds ahead, the punctual instance's lease would look long lapsed.
    expect(await ahead.tryAcquire(Date.now() + 5000, 'interactive')).toEqual({
      ok: false,
      retryAt: Number.POSITIVE_INFINITY,
    });
  });

  it('refuses with a clear 503 while Redis is down (fail closed) and serves again when it is back', async () => {
    const own = await startRedis();
    const connection = await connectRedis(own.url, { name: 'down-test', onError: () => undefined });
    try {
      const store = new RedisBudgetStore({
        limits: parseRateLimits('concurrent=5,100/60s'),
        backgroundShare: 0.3,
        redis: connection,
        prefix: 'down',
        where: redactUrl(own.url),
        leaseMs: 10_000,
      });
      opened.push(store);
      const scheduler = new Scheduler({
        store,
        deadlineMs: { interactive: 5000, automation: 5000, background: 5000 },
      });
      await own.pause();
      const refused = await scheduler
        .run('interactive', 'a', () => Promise.resolve('sent'))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(refused).toBeInstanceOf(HttpError);
      expect((refused as HttpError).status).toBe(503);
      expect((refused as HttpError).message).toMatch(
        new RegExp(
          `shared rate budget in Redis \\(redis://127\\.0\\.0\\.1:${own.port}\\).*refused until it is back`,
        ),
      );
      await own.start();
      // ioredis reconnects by itself within its backoff (at most a second).
      await expect
        .poll(
          () =>
            scheduler.run('interactive', 'a', () => Promise.resolve('sent')).catch(() => 'refused'),
          {
            timeout: 5000,
            interval: 200,
          },
        )
        .toBe('sent');
      scheduler.close();
    } finally {
      connection.disconnect();
      await own.stop();
    }
  });
});
