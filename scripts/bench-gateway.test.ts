import { describe, expect, it } from 'vitest';
import {
  compareModes,
  countStatuses,
  createRng,
  externalEmails,
  formatTable,
  formatValue,
  gatewayBenchOptionsFromEnv,
  peakInWindow,
  percentile,
  pickConversation,
  ratio,
  sidebarReads,
  summariseLatency,
  type ModeResult,
} from './bench-gateway';

describe('percentile', () => {
  it('takes the measured value at rank ⌊(n − 1)·p⌋, without interpolating', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.95)).toBe(9);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 1)).toBe(10);
  });

  it('answers 0 for no values and the value itself for one', () => {
    expect(percentile([], 0.5)).toBe(0);
    expect(percentile([42], 0.95)).toBe(42);
  });
});

describe('summariseLatency', () => {
  it('sorts a copy, leaving the caller’s list alone', () => {
    const values = [30, 10, 20];
    expect(summariseLatency(values)).toEqual({ count: 3, p50Ms: 20, p95Ms: 20 });
    expect(values).toEqual([30, 10, 20]);
  });
});

describe('countStatuses', () => {
  it('sorts answers into served, 429, shed (503) and other failures', () => {
    expect(countStatuses([200, 204, 429, 503, 503, 500, 0, 404])).toEqual({
      total: 8,
      served: 2,
      rateLimited: 1,
      shed: 2,
      otherFailed: 3,
    });
  });
});

describe('peakInWindow', () => {
  // Like the emulator's limiter: a window ending at t holds the times after t − length.
  it('counts the most times inside any one window, the window open at its start', () => {
    expect(peakInWindow([], 1000)).toBe(0);
    expect(peakInWindow([0, 100, 500, 999, 1000, 1999], 1000)).toBe(4);
    expect(peakInWindow([0, 1000, 2000], 1000)).toBe(1);
  });
});

describe('ratio and formatValue', () => {
  it('has no ratio to zero and prints it as a dash', () => {
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
    expect(formatValue(null, 'count')).toBe('—');
    expect(formatValue(Number.NaN, 'ms')).toBe('—');
  });

  it('prints each unit its own way', () => {
    expect(formatValue(12.6, 'count')).toBe('13');
    expect(formatValue(119.4, 'ms')).toBe('119');
    expect(formatValue(3.834, 'per')).toBe('3.83');
    expect(formatValue(0.9471, 'share')).toBe('94.7 %');
  });
});

describe('formatTable', () => {
  it('pads every column to its widest cell, text left and numbers right', () => {
    expect(
      formatTable(
        ['', 'gateway', 'naive'],
        [
          ['switches', '76', '81'],
          ['  p95 ms', '980', '7'],
        ],
      ).split('\n'),
    ).toEqual([
      '          gateway  naive',
      '--------  -------  -----',
      'switches       76     81',
      '  p95 ms      980      7',
    ]);
  });

  it('takes explicit alignments and tolerates short rows', () => {
    expect(formatTable(['a', 'b'], [['x']], ['right', 'left']).split('\n')).toEqual([
      'a  b',
      '-  -',
      'x',
    ]);
  });
});

describe('createRng', () => {
  it('replays the same sequence for the same seed, in [0, 1)', () => {
    const a = createRng(7);
    const b = createRng(7);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(Array.from({ length: 5 }, createRng(8))).not.toEqual(first);
  });
});

describe('what an agent reads', () => {
  it('skips the organisation’s own addresses and repeats, keeping the first spelling', () => {
    const authors = [
      { name: 'Ann', address: 'Ann@Customer.example' },
      { name: 'Camille', address: 'camille@brightwell.io' },
      { name: 'Ann again', address: 'ann@customer.example' },
      { name: 'SMS', address: null },
      { name: 'Bob', address: 'bob@other.example' },
    ];
    expect(externalEmails({ authors }, new Set(['brightwell.io']))).toEqual([
      'Ann@Customer.example',
      'bob@other.example',
    ]);
  });

  it('reads the conversation, its thread and the shared lists, then each author in each book', () => {
    const reads = sidebarReads({ id: 'c1', emails: ['a+b@x.example'] }, ['book1', 'book2']);
    expect(reads).toEqual([
      '/conversations/c1',
      '/conversations/c1/messages',
      '/conversations/c1/comments',
      '/shared_labels',
      '/users',
      '/contacts?contact_book=book1&search=a%2Bb%40x.example',
      '/contacts?contact_book=book2&search=a%2Bb%40x.example',
      '/conversations?all=true&email=a%2Bb%40x.example&limit=10',
    ]);
    expect(sidebarReads({ id: 'c2', emails: [] }, ['book1'])).toHaveLength(5);
  });

  it('picks among the newest when the draw says popular, else anywhere', () => {
    const conversations = Array.from({ length: 100 }, (_, index) => ({
      id: `c${index}`,
      emails: [],
    }));
    const draws = (values: number[]) => () => values.shift() ?? 0;
    const options = { popularShare: 0.3, popularCount: 20 };
    expect(pickConversation(draws([0.1, 0.99]), conversations, options).id).toBe('c19');
    expect(pickConversation(draws([0.5, 0.99]), conversations, options).id).toBe('c99');
  });
});

describe('gatewayBenchOptionsFromEnv', () => {
  it('takes the defaults and whole numbers from the environment', () => {
    const options = gatewayBenchOptionsFromEnv({ BENCH_SECONDS: '15', BENCH_AGENTS: ' ' });
    expect(options).toMatchObject({ agents: 20, seconds: 15, latencyMs: 120, seed: 1 });
  });

  it('refuses a setting it cannot use, naming it', () => {
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_AGENTS: '0' })).toThrow(/BENCH_AGENTS=0/);
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_SECONDS: '1.5' })).toThrow(/whole number/);
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_SECONDS: '3600' })).toThrow(/1 to 600/);
  });
});

describe('compareModes', () => {
  it('puts each metric of both modes side by side with gateway ÷ naive', () => {
    const mode = (switches: number, admitted: number): ModeResult => ({
      mode: 'gateway',
      elapsedS: 60,
      switches: { completed: switches, fullyServed: switches, latency: summariseLatency([]) },
      interactive: {
        ...countStatuses([]),
        latency: summariseLatency([]),
        servedLatency: summariseLatency([]),
      },
      background: countStatuses([]),
      upstream: {
        admitted,
        rejected429: 0,
        sidebar: { admitted, rejected: 0 },
        sync: { admitted: 0, rejected: 0 },
        perSwitch: ratio(admitted, switches),
        attemptsPerSwitch: ratio(admitted, switches),
      },
      budget: { allowedInRun: 300, share: 0, peakWindowShare: 0, longWindowShare: 0 },
      gateway: null,
    });
    const rows = compareModes(mode(100, 200), mode(50, 300));
    expect(rows.find((row) => row.key === 'switches')).toEqual({
      key: 'switches',
      label: 'conversation switches',
      detail: false,
      unit: 'count',
      gateway: 100,
      naive: 50,
      ratio: 2,
    });
    const perSwitch = rows.find((row) => row.key === 'upstreamPerSwitch');
    expect(perSwitch).toMatchObject({ label: 'by sidebars, per switch', detail: true });
    expect(perSwitch?.ratio).toBeCloseTo(2 / 6);
    expect(rows.find((row) => row.key === 'syncServed')?.ratio).toBeNull();
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  });
});
