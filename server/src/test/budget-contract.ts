import { describe, expect, it } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import type { Acquired, BudgetOptions, BudgetStore, Lane, Ticket } from '../gateway/budget';

/**
 * What every BudgetStore must do, whichever process or engine holds it: the
 * in-process store runs these as unit tests, the Redis one as integration
 * tests against a real server. `open` gives a new, empty budget each time.
 */
export type OpenBudgetStore = (options: BudgetOptions) => Promise<BudgetStore>;

const T0 = 1_000_000;

/** Windows on their own: pacing, which overlays them, has tests of its own below. */
function store(open: OpenBudgetStore, spec: string, backgroundShare = 0.3): Promise<BudgetStore> {
  return open({ limits: parseRateLimits(spec), backgroundShare, pace: false });
}

/** A request that starts at `now` and ends at once: it counts in the windows, not in concurrency. */
async function quick(
  budget: BudgetStore,
  now: number,
  lane: Lane = 'interactive',
): Promise<Acquired> {
  const acquired = await budget.tryAcquire(now, lane);
  if (acquired.ok) await budget.release(acquired.ticket, true, now);
  return acquired;
}

/** The ticket of a request that must be admitted at `now`. */
async function take(budget: BudgetStore, now: number, lane: Lane): Promise<Ticket> {
  const acquired = await budget.tryAcquire(now, lane);
  if (!acquired.ok) throw new Error(`a ${lane} request was refused until ${acquired.retryAt}`);
  return acquired.ticket;
}

/** How many of `count` quick requests at `now` are let through. */
async function burst(budget: BudgetStore, now: number, count: number, lane: Lane): Promise<number> {
  let admitted = 0;
  for (let i = 0; i < count; i++) if ((await quick(budget, now, lane)).ok) admitted += 1;
  return admitted;
}

export function describeBudgetStore(name: string, open: OpenBudgetStore): void {
  describe(name, () => {
    it('keeps a margin under each of Missive’s limits and widens each window', async () => {
      const snapshot = await (await store(open, 'concurrent=5,300/60s,900/900s')).snapshot(T0);
      expect(snapshot).toEqual({
        concurrent: 5,
        inFlight: 0,
        pausedUntil: 0,
        pacing: null,
        // Agents take background's share unless given one of their own.
        shares: { automation: 0.3, background: 0.3 },
        windows: [
          // 300 − ceil(2 % of 300); the 60 s window is stretched by min(1 s, 5 %).
          {
            limit: 300,
            allowed: 294,
            windowMs: 60_000,
            used: 0,
            usedByBackground: 0,
            usedByAutomation: 0,
            freesAt: null,
          },
          {
            limit: 900,
            allowed: 882,
            windowMs: 900_000,
            used: 0,
            usedByBackground: 0,
            usedByAutomation: 0,
            freesAt: null,
          },
        ],
      });
    });

    it('keeps at least one request of margin under a small limit', async () => {
      // 2 % of 10 rounds up to 1: nine requests, and the 1 s window counts for 1.05 s.
      const budget = await store(open, 'concurrent=100,10/1s');
      expect(await burst(budget, T0, 20, 'interactive')).toBe(9);
      expect(await quick(budget, T0 + 1049)).toEqual({ ok: false, retryAt: T0 + 1050 });
      expect((await quick(budget, T0 + 1050)).ok).toBe(true);
    });

    it('answers with exactly when the blocking start leaves the window', async () => {
      const budget = await store(open, 'concurrent=100,10/1s');
      for (let i = 0; i < 9; i++) expect((await quick(budget, T0 + i * 100)).ok).toBe(true);
      // The oldest start (T0) is the one that has to leave: 1050 ms later, not a moment after.
      expect(await quick(budget, T0 + 900)).toEqual({ ok: false, retryAt: T0 + 1050 });
      expect((await quick(budget, T0 + 1050)).ok).toBe(true);
      // Now full again, and the start at T0 + 100 is next to leave.
      expect(await quick(budget, T0 + 1051)).toEqual({ ok: false, retryAt: T0 + 1150 });
    });

    it('waits for the latest of several full windows', async () => {
      // Short: 2 allowed per 1050 ms; long: 4 allowed per 10 500 ms.
      const budget = await store(open, 'concurrent=100,3/1s,5/10s');
      expect(await burst(budget, T0, 2, 'interactive')).toBe(2);
      expect(await burst(budget, T0 + 1050, 2, 'interactive')).toBe(2);
      // Both windows are full; the short one frees at T0 + 2100, the long one only at T0 + 10 500.
      expect(await quick(budget, T0 + 1100)).toEqual({ ok: false, retryAt: T0 + 10_500 });
      expect((await quick(budget, T0 + 10_500)).ok).toBe(true);
    });

    it('still counts a long window when the windows are not given shortest first', async () => {
      const budget = await open({
        limits: {
          concurrent: 100,
          windows: [
            { limit: 5, windowMs: 10_000 },
            { limit: 3, windowMs: 1000 },
          ],
        },
        backgroundShare: 0.3,
        pace: false,
      });
      expect(await burst(budget, T0, 2, 'interactive')).toBe(2);
      expect(await burst(budget, T0 + 1050, 2, 'interactive')).toBe(2);
      // Long past the short window: the four starts must still fill the 10 s one.
      expect(await quick(budget, T0 + 5000)).toEqual({ ok: false, retryAt: T0 + 10_500 });
      expect((await budget.snapshot(T0 + 5000)).windows[0]).toMatchObject({
        used: 4,
        freesAt: T0 + 10_500,
      });
    });

    it('refuses past the concurrency limit until a request ends', async () => {
      const budget = await store(open, 'concurrent=2,100/60s');
      const first = await take(budget, T0, 'interactive');
      expect((await budget.tryAcquire(T0, 'interactive')).ok).toBe(true);
      expect(await budget.tryAcquire(T0, 'interactive')).toEqual({
        ok: false,
        retryAt: Number.POSITIVE_INFINITY,
      });
      expect((await budget.snapshot(T0)).inFlight).toBe(2);
      await budget.release(first, true, T0);
      expect((await budget.tryAcquire(T0, 'interactive')).ok).toBe(true);
    });

    it('lets a burst of background requests take no more than their share of a window', async () => {
      // 98 allowed per window; background may use floor(98 × 0.3) = 29 of them.
      const budget = await store(open, 'concurrent=100,100/10s', 0.3);
      expect(await burst(budget, T0, 60, 'background')).toBe(29);
      expect(await quick(budget, T0, 'background')).toEqual({ ok: false, retryAt: T0 + 10_500 });
      // People are not held back by background work: they get the rest.
      expect(await burst(budget, T0, 100, 'interactive')).toBe(98 - 29);
      expect((await budget.snapshot(T0)).windows[0]).toMatchObject({
        used: 98,
        usedByBackground: 29,
      });
    });

    it('gives AI agents a share of their own, beside the background share', async () => {
      // 98 allowed; agents may take floor(98 × 0.2) = 19, background 29, people the rest.
      const budget = await open({
        limits: parseRateLimits('concurrent=100,100/10s'),
        backgroundShare: 0.3,
        automationShare: 0.2,
        pace: false,
      });
      expect(await burst(budget, T0, 60, 'automation')).toBe(19);
      expect(await burst(budget, T0, 60, 'background')).toBe(29);
      expect(await burst(budget, T0, 100, 'interactive')).toBe(98 - 19 - 29);
      expect((await budget.snapshot(T0)).windows[0]).toMatchObject({
        used: 98,
        usedByAutomation: 19,
        usedByBackground: 29,
      });
    });

    it('keeps the last slots of every window from AI agents, for the people who come next', async () => {
      // 98 allowed; agents may use 24 (a quarter) and never the last 24.
      const budget = await open({
        limits: parseRateLimits('concurrent=100,100/10s'),
        backgroundShare: 0.3,
        automationShare: 0.25,
        pace: false,
      });
      expect(await burst(budget, T0, 70, 'interactive')).toBe(70);
      // 74 − 70 = 4 slots before the people's headroom.
      expect(await burst(budget, T0, 10, 'automation')).toBe(4);
      expect(await quick(budget, T0, 'automation')).toEqual({ ok: false, retryAt: T0 + 10_500 });
      // People still have their 24.
      expect(await burst(budget, T0, 30, 'interactive')).toBe(24);
    });

    it('holds AI agents to their share of concurrency', async () => {
      const budget = await open({
        limits: parseRateLimits('concurrent=5,100/10s'),
        backgroundShare: 0.3,
        automationShare: 0.4,
        pace: false,
      });
      // floor(5 × 0.4) = 2 at once; a person still gets a slot.
      const first = await take(budget, T0, 'automation');
      expect((await budget.tryAcquire(T0, 'automation')).ok).toBe(true);
      expect(await budget.tryAcquire(T0, 'automation')).toEqual({
        ok: false,
        retryAt: Number.POSITIVE_INFINITY,
      });
      expect((await budget.tryAcquire(T0, 'interactive')).ok).toBe(true);
      await budget.release(first, true, T0);
      expect((await budget.tryAcquire(T0, 'automation')).ok).toBe(true);
    });

    it('caps background work in a small window too', async () => {
      // 9 allowed; half of them, rounded down, for background.
      const budget = await store(open, 'concurrent=100,10/1s', 0.5);
      expect(await burst(budget, T0, 10, 'background')).toBe(4);
      expect(await burst(budget, T0, 10, 'interactive')).toBe(5);
    });

    it('caps background work to its share of concurrency, leaving slots for people', async () => {
      // floor(5 × 0.5) = 2 background requests at a time.
      const budget = await store(open, 'concurrent=5,1000/60s', 0.5);
      const first = await take(budget, T0, 'background');
      expect((await budget.tryAcquire(T0, 'background')).ok).toBe(true);
      expect(await budget.tryAcquire(T0, 'background')).toEqual({
        ok: false,
        retryAt: Number.POSITIVE_INFINITY,
      });
      expect((await budget.tryAcquire(T0, 'interactive')).ok).toBe(true);
      await budget.release(first, true, T0);
      expect((await budget.tryAcquire(T0, 'background')).ok).toBe(true);
    });

    it('always lets one background request run at a time, however small the share', async () => {
      const budget = await store(open, 'concurrent=5,1000/60s', 0.1);
      expect((await budget.tryAcquire(T0, 'background')).ok).toBe(true);
      expect((await budget.tryAcquire(T0, 'background')).ok).toBe(false);
    });

    it('starts nothing while paused, and a shorter pause does not cut a longer one', async () => {
      const budget = await store(open, 'concurrent=5,1000/60s');
      await budget.pauseUntil(T0 + 3000);
      await budget.pauseUntil(T0 + 1000);
      expect(await quick(budget, T0)).toEqual({ ok: false, retryAt: T0 + 3000 });
      expect(await quick(budget, T0 + 2999, 'background')).toEqual({
        ok: false,
        retryAt: T0 + 3000,
      });
      expect((await budget.snapshot(T0)).pausedUntil).toBe(T0 + 3000);
      expect((await quick(budget, T0 + 3000)).ok).toBe(true);
      expect((await budget.snapshot(T0 + 3000)).pausedUntil).toBe(0);
    });

    it('reports what each window holds and when its oldest start leaves', async () => {
      const budget = await store(open, 'concurrent=5,300/60s,900/900s');
      await quick(budget, T0, 'background');
      await quick(budget, T0 + 10_000);
      expect((await budget.tryAcquire(T0 + 20_000, 'interactive')).ok).toBe(true);
      const during = await budget.snapshot(T0 + 20_000);
      expect(during.inFlight).toBe(1);
      expect(during.windows).toMatchObject([
        { used: 3, usedByBackground: 1, freesAt: T0 + 61_000 },
        { used: 3, usedByBackground: 1, freesAt: T0 + 901_000 },
      ]);
      // Past the short window only the long one still remembers them.
      const later = await budget.snapshot(T0 + 90_000);
      expect(later.windows).toMatchObject([
        { used: 0, freesAt: null },
        { used: 3, freesAt: T0 + 901_000 },
      ]);
      expect((await budget.snapshot(T0 + 1_000_000)).windows[1]).toMatchObject({
        used: 0,
        freesAt: null,
      });
    });
    it('lets a tiny background share through once per window rather than never', async () => {
      const budget = await store(open, 'concurrent=5,10/1s', 0.01);
      expect(await burst(budget, T0, 3, 'background')).toBe(1);
      expect(await burst(await store(open, 'concurrent=5,10/1s', 0), T0, 3, 'background')).toBe(0);
    });
    it('paces the longest window: a third of it at once, then its sustainable rate', async () => {
      const paced = await open({
        limits: parseRateLimits('concurrent=50,300/60s,900/900s'),
        backgroundShare: 0.3,
      });
      // The first minute may spend a third of the 882 allowed per 15 minutes...
      expect(await burst(paced, T0, 400, 'interactive')).toBe(294);
      // ...and after it about one a second, where the windows alone would allow 294 more.
      expect(await burst(paced, T0 + 61_001, 400, 'interactive')).toBe(59);
      const unpaced = await store(open, 'concurrent=50,300/60s,900/900s');
      await burst(unpaced, T0, 400, 'interactive');
      expect(await burst(unpaced, T0 + 61_001, 400, 'interactive')).toBe(294);
    });

    it('gives back what a request that never reached Missive took, in the windows and the bucket', async () => {
      const paced = await open({
        limits: parseRateLimits('concurrent=50,300/60s,900/900s'),
        backgroundShare: 0.3,
      });
      // An outage: a thousand attempts, every connection refused.
      for (let attempt = 0; attempt < 1000; attempt++) {
        const ticket = await take(paced, T0 + attempt, 'interactive');
        await paced.release(ticket, false, T0 + attempt);
      }
      const after = await paced.snapshot(T0 + 1000);
      expect(after.windows.map((window) => window.used)).toEqual([0, 0]);
      expect(after.pacing?.tokens).toBe(294);
      // Missive is back: the whole burst is there at once.
      expect(await burst(paced, T0 + 1000, 400, 'interactive')).toBe(294);
    });

    it('keeps the bucket for people: background work only draws on its top share', async () => {
      const paced = await open({
        limits: parseRateLimits('concurrent=50,300/60s,900/900s'),
        backgroundShare: 0.3,
      });
      // 294 tokens: background may take them only while more than 70 % remain.
      expect(await burst(paced, T0, 400, 'background')).toBe(88);
      expect(await burst(paced, T0, 400, 'interactive')).toBe(206);
      expect((await paced.snapshot(T0)).pacing).toMatchObject({ tokens: 0, capacity: 294 });
    });
  });
}
