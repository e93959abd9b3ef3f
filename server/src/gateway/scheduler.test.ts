import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { HttpError } from '../http/http-error';
import { MemoryBudgetStore, type Lane } from './budget';
import { Scheduler } from './scheduler';

const T0 = 1_000_000;

/**
 * Lets what is due now run to its end: the budget store answers through
 * promises (even in process), so a start or a release is a few turns of the
 * microtask queue away, each of which advanceTimersByTimeAsync(0) allows.
 */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await vi.advanceTimersByTimeAsync(0);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Settles without ever rejecting, so a refusal can be inspected later without an unhandled rejection. */
function outcome<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

function refusalOf(result: Outcome<unknown>): HttpError {
  if (result.ok || !(result.error instanceof HttpError)) {
    throw new Error(`expected an HttpError refusal, got ${JSON.stringify(result)}`);
  }
  return result.error;
}

/** Tasks that record when they start; held ones finish only when told to. */
class Tasks {
  readonly started: string[] = [];
  private readonly finishers = new Map<string, () => void>();

  quick(name: string): () => Promise<string> {
    return () => {
      this.started.push(name);
      return Promise.resolve(name);
    };
  }

  held(name: string): () => Promise<string> {
    return () => {
      this.started.push(name);
      return new Promise((resolve) => {
        this.finishers.set(name, () => {
          resolve(name);
        });
      });
    };
  }

  async finish(name: string): Promise<void> {
    const finisher = this.finishers.get(name);
    if (!finisher) throw new Error(`${name} has not started: ${this.started.join(', ')}`);
    finisher();
    // Let the task's settlement release its slot and start whoever is next.
    await settle();
  }
}

/** Deadlines short enough for a test about refusals to reach them. */
const SHORT_DEADLINES = { interactive: 500, automation: 1500, background: 1500 };

function setup(
  spec: string,
  {
    backgroundShare = 1,
    deadlineMs = { interactive: 60_000, automation: 60_000, background: 60_000 },
  }: { backgroundShare?: number; deadlineMs?: Record<Lane, number> } = {},
): { budget: MemoryBudgetStore; scheduler: Scheduler; tasks: Tasks } {
  // Windows alone: pacing is the budget's own concern, tested in budget.test.ts.
  const budget = new MemoryBudgetStore({
    limits: parseRateLimits(spec),
    backgroundShare,
    pace: false,
  });
  const scheduler = new Scheduler({ store: budget, deadlineMs, clock: () => Date.now() });
  return { budget, scheduler, tasks: new Tasks() };
}

describe('Scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts a request at once when the budget allows and hands back its result', async () => {
    const { scheduler, tasks } = setup('concurrent=5,100/60s');
    await expect(scheduler.run('interactive', 'a', tasks.quick('one'))).resolves.toBe('one');
    expect(scheduler.stats()).toEqual({
      queued: { interactive: 0, automation: 0, background: 0 },
      started: { interactive: 1, automation: 0, background: 0 },
      shed: 0,
    });
  });

  it('holds a request while the concurrency limit is reached and starts it when one ends', async () => {
    const { scheduler, tasks } = setup('concurrent=2,100/60s');
    const first = scheduler.run('interactive', 'a', tasks.held('first'));
    void scheduler.run('interactive', 'a', tasks.held('second'));
    await settle();
    const third = scheduler.run('interactive', 'a', tasks.quick('third'));
    await settle();
    expect(tasks.started).toEqual(['first', 'second']);
    expect(scheduler.stats().queued.interactive).toBe(1);
    await tasks.finish('first');
    await expect(first).resolves.toBe('first');
    await expect(third).resolves.toBe('third');
    expect(tasks.started).toEqual(['first', 'second', 'third']);
  });

  it('starts every waiting person before any background work', async () => {
    const { scheduler, tasks } = setup('concurrent=1,100/60s');
    void scheduler.run('interactive', 'a', tasks.held('running'));
    await settle();
    void scheduler.run('background', 'sync', tasks.held('background'));
    void scheduler.run('interactive', 'b', tasks.held('person 1'));
    void scheduler.run('interactive', 'c', tasks.held('person 2'));
    expect(scheduler.stats().queued).toEqual({ interactive: 2, automation: 0, background: 1 });
    await tasks.finish('running');
    await tasks.finish('person 1');
    await tasks.finish('person 2');
    expect(tasks.started).toEqual(['running', 'person 1', 'person 2', 'background']);
  });

  it('serves people, then AI agents, then background work', async () => {
    const { scheduler, tasks } = setup('concurrent=1,100/60s');
    void scheduler.run('interactive', 'a', tasks.held('running'));
    await settle();
    void scheduler.run('background', 'sync', tasks.held('sync'));
    void scheduler.run('automation', 'bot', tasks.held('agent'));
    void scheduler.run('interactive', 'b', tasks.held('person'));
    await tasks.finish('running');
    await tasks.finish('person');
    await tasks.finish('agent');
    expect(tasks.started).toEqual(['running', 'person', 'agent', 'sync']);
  });

  it('lets background work through while AI agents wait on their own share', async () => {
    // Agents may take floor(98 × 0.1) = 9 of the window; the sync is not held behind them.
    const budget = new MemoryBudgetStore({
      limits: parseRateLimits('concurrent=5,100/60s'),
      backgroundShare: 0.3,
      automationShare: 0.1,
      pace: false,
    });
    const scheduler = new Scheduler({
      store: budget,
      deadlineMs: { interactive: 60_000, automation: 120_000, background: 60_000 },
      clock: () => Date.now(),
    });
    const tasks = new Tasks();
    for (let i = 0; i < 9; i++) await scheduler.run('automation', 'bot', tasks.quick(`agent ${i}`));
    const tenth = scheduler.run('automation', 'bot', tasks.quick('agent 10'));
    await expect(scheduler.run('background', 'sync', tasks.quick('sync'))).resolves.toBe('sync');
    expect(scheduler.stats().queued.automation).toBe(1);
    await vi.advanceTimersByTimeAsync(61_000);
    await expect(tenth).resolves.toBe('agent 10');
  });

  it('starts a waiting background request with the people once one of them is waiting on it', async () => {
    const { scheduler, tasks } = setup('concurrent=1,100/60s');
    void scheduler.run('interactive', 'a', tasks.held('running'));
    await settle();
    void scheduler.run('background', 'sync', tasks.held('sync 1'));
    let raise: (to: Lane) => void = () => undefined;
    void scheduler.run('background', 'sync', tasks.held('joined by a person'), (queued) => {
      raise = queued;
    });
    void scheduler.run('interactive', 'b', tasks.held('person'));
    raise('interactive');
    expect(scheduler.stats().queued).toEqual({ interactive: 2, automation: 0, background: 1 });
    await tasks.finish('running');
    await tasks.finish('person');
    await tasks.finish('joined by a person');
    expect(tasks.started).toEqual(['running', 'person', 'joined by a person', 'sync 1']);
    expect(scheduler.stats().started).toEqual({ interactive: 3, automation: 0, background: 1 });
  });

  it('gives a raised request the interactive deadline from then on', async () => {
    const { scheduler, tasks } = setup('concurrent=1,100/60s', { deadlineMs: SHORT_DEADLINES });
    void scheduler.run('interactive', 'a', tasks.held('running'));
    let raise: (to: Lane) => void = () => undefined;
    const waiting = outcome(
      scheduler.run('background', 'sync', tasks.quick('raised'), (queued) => {
        raise = queued;
      }),
    );
    await vi.advanceTimersByTimeAsync(100);
    raise('interactive');
    // Refused at 600 ms: the interactive deadline from the raise, not the background one (1500).
    await vi.advanceTimersByTimeAsync(SHORT_DEADLINES.interactive);
    expect(refusalOf(await waiting).status).toBe(503);
    expect(tasks.started).toEqual(['running']);
  });

  it('starts one agent’s single request before another agent’s 2nd to 20th', async () => {
    const { scheduler, tasks } = setup('concurrent=1,100/60s');
    void scheduler.run('interactive', 'x', tasks.held('blocker'));
    await settle();
    const burst = Array.from({ length: 20 }, (_, i) =>
      scheduler.run('interactive', 'a', tasks.quick(`a${i + 1}`)),
    );
    const single = scheduler.run('interactive', 'b', tasks.quick('b1'));
    await tasks.finish('blocker');
    await Promise.all([...burst, single]);
    expect(tasks.started.slice(0, 4)).toEqual(['blocker', 'a1', 'b1', 'a2']);
    expect(tasks.started).toHaveLength(22);
  });

  it('starts a request held by a window exactly when the blocking start leaves it', async () => {
    // 2 allowed per 1050 ms.
    const { scheduler, tasks } = setup('concurrent=5,3/1s');
    await scheduler.run('interactive', 'a', tasks.quick('one'));
    await scheduler.run('interactive', 'a', tasks.quick('two'));
    const third = scheduler.run('interactive', 'a', tasks.quick('three'));
    await vi.advanceTimersByTimeAsync(1049);
    expect(tasks.started).toEqual(['one', 'two']);
    await vi.advanceTimersByTimeAsync(1);
    expect(tasks.started).toEqual(['one', 'two', 'three']);
    await expect(third).resolves.toBe('three');
  });

  it('starts nothing before a pause ends', async () => {
    const { budget, scheduler, tasks } = setup('concurrent=5,100/60s');
    await budget.pauseUntil(T0 + 3000);
    const paused = scheduler.run('interactive', 'a', tasks.quick('after the pause'));
    await vi.advanceTimersByTimeAsync(2999);
    expect(tasks.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(paused).resolves.toBe('after the pause');
  });

  it('refuses a request that cannot start before its deadline with 503 and a Retry-After', async () => {
    // 2 allowed per 10.5 s; an interactive request may wait 500 ms.
    const { scheduler, tasks } = setup('concurrent=5,3/10s', { deadlineMs: SHORT_DEADLINES });
    await scheduler.run('interactive', 'a', tasks.quick('one'));
    await scheduler.run('interactive', 'a', tasks.quick('two'));
    const late = outcome(scheduler.run('interactive', 'a', tasks.quick('never')));
    await vi.advanceTimersByTimeAsync(499);
    expect(scheduler.stats().queued.interactive).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const refusal = refusalOf(await late);
    expect(refusal.status).toBe(503);
    expect(refusal.code).toBe('overloaded');
    // The window frees at T0 + 10 500, 10 s after the refusal at T0 + 500.
    expect(refusal.headers['Retry-After']).toBe('10');
    expect(scheduler.stats()).toMatchObject({ queued: { interactive: 0 }, shed: 1 });
    // Refused means dropped: it does not start once the window frees.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(tasks.started).toEqual(['one', 'two']);
  });

  it('gives each lane its own deadline', async () => {
    const { budget, scheduler, tasks } = setup('concurrent=5,100/60s', {
      deadlineMs: SHORT_DEADLINES,
    });
    await budget.pauseUntil(T0 + 60_000);
    const person = outcome(scheduler.run('interactive', 'a', tasks.quick('person')));
    const sync = outcome(scheduler.run('background', 'sync', tasks.quick('sync')));
    await vi.advanceTimersByTimeAsync(500);
    expect(refusalOf(await person).status).toBe(503);
    expect(scheduler.stats().queued).toEqual({ interactive: 0, automation: 0, background: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(refusalOf(await sync).status).toBe(503);
    expect(scheduler.stats().shed).toBe(2);
  });

  it('tells a refused request to come back when every full window and the pause allow it', async () => {
    // Short: 2 allowed per 1050 ms; long: 4 allowed per 10 500 ms.
    const { scheduler, tasks } = setup('concurrent=100,3/1s,5/10s', {
      deadlineMs: SHORT_DEADLINES,
    });
    await scheduler.run('interactive', 'a', tasks.quick('1'));
    await scheduler.run('interactive', 'a', tasks.quick('2'));
    await vi.advanceTimersByTimeAsync(1050);
    await scheduler.run('interactive', 'a', tasks.quick('3'));
    await scheduler.run('interactive', 'a', tasks.quick('4'));
    const late = outcome(scheduler.run('interactive', 'a', tasks.quick('5')));
    await vi.advanceTimersByTimeAsync(500);
    // At T0 + 1550 the short window frees in 550 ms but the long one only at T0 + 10 500.
    expect(refusalOf(await late).headers['Retry-After']).toBe('9');
  });

  it('tells a refused agent when the pacing bucket will have room for its lane', async () => {
    // Paced: the bucket holds 294 tokens and refills at 882 per 901 s; agents
    // may draw only on its top quarter, above 220.5.
    const budget = new MemoryBudgetStore({
      limits: parseRateLimits('concurrent=5,300/60s,900/900s'),
      backgroundShare: 0.3,
      automationShare: 0.25,
    });
    const scheduler = new Scheduler({
      store: budget,
      deadlineMs: SHORT_DEADLINES,
      clock: () => Date.now(),
    });
    const tasks = new Tasks();
    // People take 80: every window has room, but the bucket is down to 214.
    for (let i = 0; i < 80; i++)
      await scheduler.run('interactive', 'a', tasks.quick(`person ${i}`));
    const agent = outcome(scheduler.run('automation', 'bot', tasks.quick('agent')));
    await vi.advanceTimersByTimeAsync(1500);
    const refusal = refusalOf(await agent);
    // (221.5 − 214) tokens at 0.98 a second, not "1 s".
    expect(Number(refusal.headers['Retry-After'])).toBeGreaterThanOrEqual(6);
    expect(refusal.message).toContain(`Try again in ${refusal.headers['Retry-After'] ?? ''} s`);
  });

  it('includes a pause in the Retry-After of a refusal', async () => {
    const { budget, scheduler, tasks } = setup('concurrent=5,100/60s', {
      deadlineMs: SHORT_DEADLINES,
    });
    await budget.pauseUntil(T0 + 4500);
    const late = outcome(scheduler.run('interactive', 'a', tasks.quick('late')));
    await vi.advanceTimersByTimeAsync(500);
    expect(refusalOf(await late).headers['Retry-After']).toBe('4');
  });

  it('passes a task’s failure to its caller and frees its slot', async () => {
    const { budget, scheduler, tasks } = setup('concurrent=1,100/60s');
    await expect(
      scheduler.run('interactive', 'a', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    await expect(scheduler.run('interactive', 'a', tasks.quick('next'))).resolves.toBe('next');
    expect((await budget.snapshot(Date.now())).inFlight).toBe(0);
  });

  it('frees the slot of a task that throws before returning a promise', async () => {
    const { budget, scheduler, tasks } = setup('concurrent=1,100/60s');
    const broken = (): Promise<string> => {
      throw new Error('thrown synchronously');
    };
    await expect(scheduler.run('interactive', 'a', broken)).rejects.toThrow('thrown synchronously');
    await expect(scheduler.run('interactive', 'a', tasks.quick('next'))).resolves.toBe('next');
    expect((await budget.snapshot(Date.now())).inFlight).toBe(0);
  });

  it('on close refuses everything waiting and new requests, and lets running ones finish', async () => {
    const { budget, scheduler, tasks } = setup('concurrent=1,100/60s');
    await budget.pauseUntil(T0 + 100);
    const paused = outcome(scheduler.run('interactive', 'a', tasks.quick('paused')));
    await vi.advanceTimersByTimeAsync(100);
    expect(await paused).toEqual({ ok: true, value: 'paused' });

    const running = scheduler.run('interactive', 'a', tasks.held('running'));
    await settle();
    const person = outcome(scheduler.run('interactive', 'b', tasks.quick('person')));
    const sync = outcome(scheduler.run('background', 'sync', tasks.quick('sync')));
    scheduler.close();
    for (const refused of [await person, await sync]) {
      const refusal = refusalOf(refused);
      expect(refusal.status).toBe(503);
      expect(refusal.code).toBe('overloaded');
      expect(refusal.message).toContain('shutting down');
      expect(refusal.headers['Retry-After']).toMatch(/^\d+$/);
    }
    expect(
      refusalOf(await outcome(scheduler.run('interactive', 'c', tasks.quick('new')))).status,
    ).toBe(503);
    await tasks.finish('running');
    await expect(running).resolves.toBe('running');
    expect(tasks.started).toEqual(['paused', 'running']);
    expect(scheduler.stats().queued).toEqual({ interactive: 0, automation: 0, background: 0 });
    // No deadline or wake-up timer outlives the scheduler.
    expect(vi.getTimerCount()).toBe(0);
  });
});
