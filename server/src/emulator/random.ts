/**
 * The emulator's one source of randomness: seeded, so that the seed and the
 * simulated activity replay exactly for a given seed.
 */

export type Rng = ReturnType<typeof createRng>;

const HEX_DIGITS = '0123456789abcdef';

/** mulberry32: tiny and good enough for fake data, and unlike Math.random it replays. */
export function createRng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => itemAt(items, Math.floor(next() * items.length));
  // A loop rather than Array.from(...).join: ids are most of a scaled seed's draws.
  const hex = (length: number): string => {
    let digits = '';
    for (let index = 0; index < length; index += 1) digits += HEX_DIGITS.charAt(int(0, 15));
    return digits;
  };
  return {
    next,
    int,
    pick,
    chance: (probability: number): boolean => next() < probability,
    /** Up to `count` distinct items, in random order. */
    sample: <T>(items: readonly T[], count: number): T[] => {
      const pool = [...items];
      const size = Math.min(count, pool.length);
      return Array.from({ length: size }, () => itemAt(pool.splice(int(0, pool.length - 1), 1), 0));
    },
    /** Shaped like a v4 UUID: version nibble 4, variant nibble 8 to b. */
    uuid: (): string =>
      `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`,
  };
}

/** Indexing that fails loudly: a seed bug should stop the emulator, not seed `undefined`. */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at index ${index} of ${items.length}`);
  return item;
}
