import { describe, expect, it } from 'vitest';
import { countStatuses, ratio, summariseLatency } from '../../bench-stats';
import {
  compareModes,
  formatGatewayReport,
  readModelTargets,
  type GatewayBenchResult,
} from './report';
import type { ModeResult } from './results';
import type { Mode } from './targets';

function modeResult(
  mode: Mode,
  { switches, admitted, p95Ms = 0 }: { switches: number; admitted: number; p95Ms?: number },
): ModeResult {
  return {
    mode,
    elapsedS: 60,
    setup: null,
    switches: {
      completed: switches,
      reads: switches * (mode === 'readModel' ? 1 : 7),
      fullyServed: switches,
      latency: { count: switches, p50Ms: p95Ms / 2, p95Ms },
    },
    interactive: {
      ...countStatuses([]),
      latency: summariseLatency([]),
      servedLatency: summariseLatency([]),
    },
    background: mode === 'readModel' ? null : countStatuses([200, 429]),
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
  };
}

describe('compareModes', () => {
  it('puts each metric of every mode side by side, with new ÷ old·gateway', () => {
    const rows = compareModes({
      gateway: modeResult('gateway', { switches: 100, admitted: 200 }),
      naive: modeResult('naive', { switches: 50, admitted: 300 }),
      readModel: modeResult('readModel', { switches: 400, admitted: 0 }),
    });
    expect(rows.find((row) => row.key === 'switches')).toEqual({
      key: 'switches',
      label: 'conversation switches',
      detail: false,
      unit: 'count',
      values: { gateway: 100, naive: 50, readModel: 400 },
      ratio: 4,
    });
    const perSwitch = rows.find((row) => row.key === 'upstreamPerSwitch');
    expect(perSwitch).toMatchObject({ label: 'by sidebars, per switch', detail: true });
    expect(perSwitch?.values).toEqual({ gateway: 2, naive: 6, readModel: 0 });
    expect(perSwitch?.ratio).toBe(0);
    expect(rows.find((row) => row.key === 'readsPerSwitch')?.values.readModel).toBe(1);
    // The read model has no contact walker: its sync is the gateway's own.
    expect(rows.find((row) => row.key === 'syncServed')?.values).toEqual({
      gateway: 1,
      naive: 1,
      readModel: null,
    });
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
  });

  it('leaves a mode that did not run empty, and the ratio with it', () => {
    const rows = compareModes({ readModel: modeResult('readModel', { switches: 4, admitted: 0 }) });
    const switches = rows.find((row) => row.key === 'switches');
    expect(switches?.values).toEqual({ gateway: null, naive: null, readModel: 4 });
    expect(switches?.ratio).toBeNull();
  });
});

describe('readModelTargets', () => {
  it('holds the p95 to a full sidebar to twice one round trip', () => {
    const fast = readModelTargets(
      modeResult('readModel', { switches: 10, admitted: 0, p95Ms: 60 }),
      125,
    );
    expect(fast.map((check) => check.met)).toEqual([true, true, true, true]);
    expect(fast[3]).toMatchObject({
      what: 'p95 ms to a full sidebar (2 × round trip of 125 ms)',
      target: '≤ 250',
      measured: '60',
    });
    const slow = readModelTargets(
      modeResult('readModel', { switches: 10, admitted: 0, p95Ms: 251 }),
      125,
    );
    expect(slow[3]?.met).toBe(false);
  });

  it('misses everything when no switch completed', () => {
    const none = readModelTargets(modeResult('readModel', { switches: 0, admitted: 0 }), 125);
    expect(none[0]?.met).toBe(false);
    expect(none[3]?.met).toBe(false);
  });
});

describe('formatGatewayReport', () => {
  it('prints a column per mode that ran, the ratio, the mirror’s load and the targets', () => {
    const readModel = {
      ...modeResult('readModel', { switches: 400, admitted: 0, p95Ms: 40 }),
      setup: { mirrorLoadS: 5.2, mirrorLoadCalls: 31 },
    };
    const modes = { gateway: modeResult('gateway', { switches: 100, admitted: 200 }), readModel };
    const result: GatewayBenchResult = {
      settings: {
        agents: 20,
        seconds: 60,
        latencyMs: 120,
        seed: 1,
        limits: 'concurrent=5,300/60s,900/900s',
        popularShare: 0.3,
        popularCount: 20,
        thinkMs: [2000, 6000],
        modes: ['gateway', 'readModel'],
      },
      catalog: {
        conversations: 294,
        sharedBooks: 2,
        readsPerSwitch: { min: 5, median: 8, max: 8 },
      },
      roundTripMs: 125,
      modes,
      comparison: compareModes(modes),
      targets: readModelTargets(readModel, 125),
    };
    const report = formatGatewayReport(result);
    expect(report).toMatch(/^ +old design · gateway {2}new read model {2}new ÷ old·gateway$/m);
    expect(report).not.toContain('old design · naive');
    expect(report).toMatch(/^conversation switches {2,}100 {2,}400 {2,}4\.00×$/m);
    expect(report).toContain('initial load took 5.2 s and 31 calls');
    expect(report).toContain('4 of 4 met.');
  });
});
