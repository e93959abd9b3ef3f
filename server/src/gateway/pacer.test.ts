import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

/** Takes a token whenever the pacer allows, for `spans` spans; the times taken. */
function greedy(pacer: Pacer, spanMs: number, spans: number): number[] {
  const taken: number[] = [];
  let now = 0;
  while (now < spanMs * spans) {
    now = pacer.availableAt(now, 0);
    pacer.take(now);
    taken.push(now);
  }
  return taken;
}

/** The most takes in any span of `spanMs` (a take counts while at > now − span). */
function busiestSpan(taken: number[], spanMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < taken.length; last++) {
    while ((taken[first] ?? 0) <= (taken[last] ?? 0) - spanMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('Pacer', () => {
  const spanMs = 900_000;

  it('lets the team burst a third of the window, then refills at the sustainable rate', () => {
    const pacer = new Pacer({ allowed: 900, spanMs });
    expect(pacer.capacity).toBe(300);
    expect(pacer.perMs * 1000).toBeCloseTo(1);
  });

  it('with a burst, never lets a greedy taker spend more than allowed in any span', () => {
    const pacer = new Pacer({ allowed: 180, spanMs, burst: 18 });
    const taken = greedy(pacer, spanMs, 4);
    expect(busiestSpan(taken, spanMs)).toBeLessThanOrEqual(180);
    // And it is not needlessly slow: four spans carry nearly four shares.
    expect(taken.length).toBeGreaterThan(4 * 180 * 0.9);
  });

  it('without one, a greedy taker would meet the window’s wall (why the sync has one)', () => {
    const taken = greedy(new Pacer({ allowed: 180, spanMs }), spanMs, 2);
    expect(busiestSpan(taken, spanMs)).toBeGreaterThan(180);
  });
});
