import { describe, expect, it } from 'vitest';
import {
  benchParts,
  checkTarget,
  countStatuses,
  createRng,
  formatTable,
  formatTargets,
  formatValue,
  peakInWindow,
  percentile,
  ratio,
  readNumber,
  reportName,
  subtractCounts,
  summariseLatency,
} from './bench-stats';

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

describe('formatValue for fine times', () => {
  it('keeps two decimals under 10 ms and one above', () => {
    expect(formatValue(0.2849, 'fineMs')).toBe('0.28');
    expect(formatValue(12.34, 'fineMs')).toBe('12.3');
  });
});

describe('subtractCounts', () => {
  it('takes each running total from the later reading', () => {
    expect(
      subtractCounts({ interactive: 12, background: 40 }, { interactive: 10, background: 31 }),
    ).toEqual({ interactive: 2, background: 9 });
  });
});

describe('readNumber', () => {
  it('falls back when unset or blank and names the variable it cannot read', () => {
    expect(readNumber({}, 'BENCH_X', 7, [0, 10])).toBe(7);
    expect(readNumber({ BENCH_X: ' ' }, 'BENCH_X', 7, [0, 10])).toBe(7);
    expect(readNumber({ BENCH_X: '3' }, 'BENCH_X', 7, [0, 10])).toBe(3);
    expect(() => readNumber({ BENCH_X: '11' }, 'BENCH_X', 7, [0, 10])).toThrow(
      'BENCH_X=11 is not understood: give a whole number from 0 to 10',
    );
  });
});

describe('checkTarget and formatTargets', () => {
  it('meets a bound from either side, and misses what was not measured', () => {
    expect(checkTarget('served', 0.995, 'at least', 0.99, 'share')).toEqual({
      what: 'served',
      target: '≥ 99.0 %',
      measured: '99.5 %',
      met: true,
    });
    expect(checkTarget('shed', 0, 'at most', 0, 'count').met).toBe(true);
    expect(checkTarget('shed', 1, 'at most', 0, 'count').met).toBe(false);
    expect(checkTarget('p95', null, 'at most', 240, 'ms')).toMatchObject({
      measured: '—',
      met: false,
    });
  });

  it('prints each target with met or MISSED, then the count met', () => {
    const text = formatTargets('Targets:', [
      checkTarget('served', 1, 'at least', 0.99, 'share'),
      checkTarget('cold median ms', 338, 'at most', 150, 'ms'),
    ]);
    expect(text).toMatch(/^served {2,}≥ 99\.0 % {2,}100\.0 % {2}met$/m);
    expect(text).toMatch(/^cold median ms {2,}≤ 150 {2,}338 {2}MISSED$/m);
    expect(text.split('\n').at(-1)).toBe('1 of 2 met.');
  });
});

describe('benchParts and reportName', () => {
  it('runs every part but scale by default, and scale too when BENCH_SCALE is set', () => {
    expect(benchParts([], false)).toEqual([
      'emulator',
      'gateway',
      'agents',
      'integrations',
      'outage',
      'sidebar',
      'cluster',
    ]);
    expect(benchParts([], true)).toEqual([
      'emulator',
      'gateway',
      'agents',
      'integrations',
      'outage',
      'sidebar',
      'cluster',
      'scale',
    ]);
  });

  it('runs only the parts named, in the bench’s own order, and refuses others', () => {
    expect(benchParts(['scale', 'gateway'], false)).toEqual(['gateway', 'scale']);
    // Integrations after agents, whatever order they are named in.
    expect(benchParts(['outage', 'integrations', 'agents'], false)).toEqual([
      'agents',
      'integrations',
      'outage',
    ]);
    expect(benchParts(['integrations'], false)).toEqual(['integrations']);
    expect(() => benchParts(['gatway'], false)).toThrow(/unknown part gatway/);
  });

  it('keeps bench.json for a whole run', () => {
    const whole = [
      'emulator',
      'gateway',
      'agents',
      'integrations',
      'outage',
      'sidebar',
      'cluster',
    ] as const;
    expect(reportName(whole)).toBe('bench.json');
    expect(reportName([...whole, 'scale'])).toBe('bench.json');
    expect(reportName(['emulator', 'gateway', 'agents', 'outage', 'sidebar'])).toBe(
      'bench-emulator-gateway-agents-outage-sidebar.json',
    );
    expect(reportName(['integrations'])).toBe('bench-integrations.json');
    expect(reportName(['gateway', 'scale'])).toBe('bench-gateway-scale.json');
  });
});
