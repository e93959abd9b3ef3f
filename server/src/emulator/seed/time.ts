import { itemAt, type Rng } from '../random';

// Seeded time: every date is drawn back from one anchor ("now"), never read from a clock.

export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const HISTORY = 90 * DAY;

/** A power above 1 crowds ages near zero: inboxes are busiest lately. */
export function pastTime(rng: Rng, anchor: number, maxAge = HISTORY): number {
  return anchor - 5 * MINUTE - Math.floor(rng.next() ** 1.8 * maxAge);
}

export function between(rng: Rng, from: number, to: number): number {
  return rng.int(from, Math.max(from, to));
}

/** `count` ascending times, human reply gaps apart, the last exactly `end`. */
export function timesEndingAt(rng: Rng, end: number, count: number): number[] {
  const times = [end];
  while (times.length < count) {
    const gap = rng.chance(0.6) ? rng.int(4 * MINUTE, 3 * HOUR) : rng.int(3 * HOUR, 40 * HOUR);
    times.unshift(itemAt(times, 0) - gap);
  }
  return times;
}

/** Due dates fall either side of "now", or nowhere. */
export function dueAt(rng: Rng, created: number): number | null {
  return rng.chance(0.35) ? null : created + rng.int(1, 21) * DAY;
}
