import { describe, expect, it } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import {
  contactHandles,
  formatScaleReport,
  loadMinutesAtLimits,
  sample,
  scaleBenchOptionsFromEnv,
  searchTermOf,
  type ScaleBenchResult,
} from './bench-scale';
import { checkTarget, createRng } from './bench-stats';

const MISSIVE = parseRateLimits('concurrent=5,300/60s,900/900s');

describe('loadMinutesAtLimits', () => {
  it('spends the burst at once, then what is left of the share of the longest window', () => {
    // 20 % of the 882 the gateway allows in 901 s: 176, of which a burst of 35,
    // then 141 per 901 s (9.4 a minute): never more than 176 in any span.
    const load = loadMinutesAtLimits(1260, MISSIVE, 0.2);
    expect(load).toMatchObject({ calls: 1260, budgetShare: 0.2, burst: 35 });
    expect(load.perMinute).toBeCloseTo((141 * 60) / 901);
    expect(load.minutes).toBeCloseTo((1260 - 35) / ((141 * 60) / 901));
  });

  it('takes no time for a load the burst covers', () => {
    expect(loadMinutesAtLimits(35, MISSIVE, 0.2).minutes).toBe(0);
  });

  it('needs a window to pace by', () => {
    expect(() => loadMinutesAtLimits(10, { concurrent: 5, windows: [] }, 0.2)).toThrow(/no window/);
  });
});

describe('sample', () => {
  it('draws distinct items, replayably, and all of them when asked for more', () => {
    const items = Array.from({ length: 50 }, (_, index) => index);
    const first = sample(items, 10, createRng(3));
    expect(sample(items, 10, createRng(3))).toEqual(first);
    expect(new Set(first).size).toBe(10);
    expect(sample([1, 2, 3], 10, createRng(3)).sort()).toEqual([1, 2, 3]);
  });
});

describe('contactHandles and searchTermOf', () => {
  it('reads emails and phone numbers from a contact’s infos', () => {
    expect(
      contactHandles({
        infos: [
          { kind: 'email', value: 'ann@x.example' },
          { kind: 'phone_number', value: '+1 514 555 0100' },
          { kind: 'url', value: 'https://x.example' },
          { kind: 'email' },
        ],
      }),
    ).toEqual({ emails: ['ann@x.example'], phones: ['+1 514 555 0100'] });
    expect(contactHandles({})).toEqual({ emails: [], phones: [] });
  });

  it('searches by last name, else first name, else company', () => {
    expect(searchTermOf({ first_name: 'Ann', last_name: 'Tremblay Roy' })).toBe('Tremblay');
    expect(searchTermOf({ first_name: 'Ann', last_name: ' ' })).toBe('Ann');
    expect(searchTermOf({ memberships: [{ group: { id: 'g', name: 'Northwind Traders' } }] })).toBe(
      'Northwind',
    );
    expect(searchTermOf({})).toBeUndefined();
  });
});

describe('scaleBenchOptionsFromEnv', () => {
  it('is off unless BENCH_SCALE is set, or a fallback is given', () => {
    expect(scaleBenchOptionsFromEnv({})).toBeNull();
    expect(scaleBenchOptionsFromEnv({ BENCH_SCALE: '0' }, 100)).toBeNull();
    expect(scaleBenchOptionsFromEnv({}, 100)).toEqual({ scale: 100, samples: 200, seed: 1 });
    expect(scaleBenchOptionsFromEnv({ BENCH_SCALE: '20', BENCH_SCALE_SAMPLES: '50' })).toEqual({
      scale: 20,
      samples: 50,
      seed: 1,
    });
  });

  it('refuses a scale the emulator cannot seed', () => {
    expect(() => scaleBenchOptionsFromEnv({ BENCH_SCALE: '500' })).toThrow(
      'BENCH_SCALE=500 is not understood: give a whole number from 0 to 200',
    );
  });
});

describe('formatScaleReport', () => {
  it('prints calls per object, the minutes at real limits, the answers’ times and the store size', () => {
    const result: ScaleBenchResult = {
      settings: { scale: 100, samples: 200, seed: 1 },
      seedS: 4.2,
      load: {
        seconds: 95.5,
        failures: [],
        objects: [
          { object: 'contacts', rows: 30_000, calls: 160, state: 'live' },
          { object: 'conversations', rows: 40_000, calls: 1100, state: 'live' },
        ],
        atRealLimits: loadMinutesAtLimits(1260, MISSIVE, 0.2),
        limits: '300/60s,900/900s',
      },
      queries: [
        { query: 'participant match by email', count: 200, found: 200, p50Ms: 0.2, p95Ms: 0.41 },
      ],
      store: { bytes: 157_286_400, files: ['crm.sqlite'] },
      targets: [checkTarget('participant match by email: p95 ms', 0.41, 'at most', 5, 'fineMs')],
      elapsedS: 120,
    };
    const report = formatScaleReport(result);
    expect(report).toMatch(/^contacts {2,}30000 {2,}160 {2,}12\.7 % {2,}live$/m);
    expect(report).toMatch(/^total {2,}70000 {2,}1260 {2,}100\.0 %$/m);
    expect(report).toContain('a burst of 35 calls, then 9.4 a minute');
    expect(report).toContain('would take 130 minutes (2.2 h)');
    expect(report).toMatch(
      /^participant match by email {2,}200 {2,}100\.0 % {2,}0\.20 {2,}0\.41$/m,
    );
    expect(report).toContain('Store on disk after the load: 150.0 MB (crm.sqlite)');
    expect(report).toMatch(/^participant match by email: p95 ms {2,}≤ 5\.00 {2,}0\.41 {2}met$/m);
  });
});
