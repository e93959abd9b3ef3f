import { describe, expect, it } from 'vitest';
import {
  compareScenarios,
  conversationIdOfOption,
  formatSidebarReport,
  originFromServerOutput,
  pickConversations,
  sidebarBenchOptionsFromEnv,
  summariseScenario,
  type ScenarioStats,
  type SidebarBenchResult,
  type SidebarSample,
} from './bench-sidebar';

function samples(ms: readonly number[], upstreamCalls = 0): SidebarSample[] {
  return ms.map((value, index) => ({ conversationId: `c${index}`, ms: value, upstreamCalls }));
}

describe('summariseScenario', () => {
  it('takes the median and p95 of measured times, in any order, and averages upstream calls', () => {
    const stats = summariseScenario('cold', [
      ...samples([500, 100, 300, 200, 400], 10),
      ...samples([1000, 600, 900, 700, 800], 12),
    ]);
    expect(stats).toEqual({
      scenario: 'cold',
      label: 'cold',
      count: 10,
      medianMs: 500,
      p95Ms: 900,
      upstreamCallsPerVisit: 11,
    });
  });

  it('reports an empty scenario as zero times and no calls per visit', () => {
    expect(summariseScenario('warm', [])).toMatchObject({
      count: 0,
      medianMs: 0,
      p95Ms: 0,
      upstreamCallsPerVisit: null,
    });
  });
});

describe('compareScenarios', () => {
  const stat = (scenario: ScenarioStats['scenario'], medianMs: number, p95Ms: number) => ({
    ...summariseScenario(scenario, []),
    medianMs,
    p95Ms,
  });

  it('divides every colder scenario by every warmer one, median by median and p95 by p95', () => {
    const ratios = compareScenarios([
      stat('cold', 600, 1000),
      stat('warmGatewayColdBrowser', 300, 400),
      stat('warm', 30, 0),
    ]);
    expect(ratios).toEqual([
      { of: 'cold', to: 'warmGatewayColdBrowser', median: 2, p95: 2.5 },
      { of: 'cold', to: 'warm', median: 20, p95: null },
      { of: 'warmGatewayColdBrowser', to: 'warm', median: 10, p95: null },
    ]);
  });
});

describe('conversationIdOfOption', () => {
  it('reads the conversation id after the option marker, whatever id React chose', () => {
    expect(conversationIdOfOption('_r_0_-option-207f5a81-5930-426f-bd5b-fa8bdf4f3e18')).toBe(
      '207f5a81-5930-426f-bd5b-fa8bdf4f3e18',
    );
    expect(conversationIdOfOption('«r3»-option-abc')).toBe('abc');
    expect(conversationIdOfOption('something-else')).toBeNull();
  });
});

describe('pickConversations', () => {
  const catalog = [
    { id: 'a', emails: ['ann@example.com'] },
    { id: 'b', emails: [] },
    { id: 'c', emails: ['ANN@example.com', 'cid@example.com'] },
    { id: 'd', emails: ['dee@example.com'] },
    { id: 'e', emails: ['eve@example.com'] },
  ];

  it('keeps list order, skips conversations without an external author or sharing one with an earlier pick', () => {
    expect(
      pickConversations(['x', 'a', 'b', 'c', 'd', 'e'], catalog, 5).map(({ id }) => id),
    ).toEqual(['a', 'd', 'e']);
  });

  it('stops at the number of rounds', () => {
    expect(pickConversations(['e', 'd', 'a'], catalog, 2).map(({ id }) => id)).toEqual(['e', 'd']);
  });
});

describe('originFromServerOutput', () => {
  it('finds the address in the dashboard line the server prints', () => {
    const output = [
      'Missive CRM 0.1.0 — demo mode (Missive emulator, no token configured)',
      '  dashboard:  http://127.0.0.1:34819/#key=bench-key',
      '  sidebar:    http://127.0.0.1:34819/sidebar#key=bench-key',
    ].join('\n');
    expect(originFromServerOutput(output)).toBe('http://127.0.0.1:34819');
    expect(originFromServerOutput('Missive CRM 0.1.0 — demo mode')).toBeNull();
  });
});

describe('sidebarBenchOptionsFromEnv', () => {
  it('defaults to 15 conversations, 120 ms latency and Debian’s Chromium', () => {
    expect(sidebarBenchOptionsFromEnv({})).toEqual({
      rounds: 15,
      latencyMs: 120,
      chromiumPath: '/usr/bin/chromium',
    });
  });

  it('reads BENCH_SIDEBAR_ROUNDS, BENCH_LATENCY_MS and CHROMIUM_PATH', () => {
    expect(
      sidebarBenchOptionsFromEnv({
        BENCH_SIDEBAR_ROUNDS: '4',
        BENCH_LATENCY_MS: '0',
        CHROMIUM_PATH: '/opt/chromium',
      }),
    ).toEqual({ rounds: 4, latencyMs: 0, chromiumPath: '/opt/chromium' });
  });

  it('names the variable it cannot read, as the gateway bench does', () => {
    expect(() => sidebarBenchOptionsFromEnv({ BENCH_SIDEBAR_ROUNDS: '0' })).toThrow(
      'BENCH_SIDEBAR_ROUNDS=0 is not understood: give a whole number from 1 to 50',
    );
    expect(() => sidebarBenchOptionsFromEnv({ BENCH_LATENCY_MS: 'fast' })).toThrow(
      'BENCH_LATENCY_MS=fast',
    );
  });
});

describe('formatSidebarReport', () => {
  it('prints a row per scenario and per ratio, with the build it measured', () => {
    const scenarios = [
      summariseScenario('cold', samples([600, 640], 13)),
      summariseScenario('warmGatewayColdBrowser', samples([300, 320])),
      summariseScenario('warm', samples([30, 40])),
    ];
    const result: SidebarBenchResult = {
      settings: {
        rounds: 2,
        latencyMs: 120,
        limits: 'concurrent=5,300/60s,900/900s',
        chromium: '156.0',
        build: { ranBuild: false, reason: null, builtAt: '2026-11-21T11:40:00.000Z' },
      },
      conversations: [],
      scenarios,
      ratios: compareScenarios(scenarios),
      samples: { cold: [], warmGatewayColdBrowser: [], warm: [] },
      gateway: { upstreamCalls: 40, rateLimited: 0, shed: 0, cacheHitRate: 0.5 },
      elapsedS: 10,
    };
    const report = formatSidebarReport(result);
    expect(report).toContain('existing build of 2026-11-21T11:40:00.000Z');
    expect(report).toMatch(/^cold {2,}2 {2,}600 {2,}600 {2,}13\.0$/m);
    expect(report).toMatch(/^warm {2,}2 {2,}30\.0 {2,}30\.0 {2,}0\.0$/m);
    expect(report).toMatch(/^cold ÷ warm {2,}20\.0× {2,}20\.0×$/m);
    expect(report).toContain('40 calls to Missive, 0 429s, 0 shed');
  });
});
