import { describe, expect, it } from 'vitest';
import { formatSidebarReport, type SidebarBenchResult } from './report';
import { compareScenarios, sidebarTargets, summariseScenario } from './stats';
import { samples } from './fixtures';

describe('formatSidebarReport', () => {
  it('prints a row per scenario, the previous design beside this run, and the targets', () => {
    const scenarios = [
      summariseScenario('cold', samples([600, 640], [0, 2], 1)),
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
      targets: sidebarTargets(scenarios),
      requests: [],
      mirror: { loadS: 5.2, loadCalls: 31 },
      gateway: {
        calls: { interactive: 2, background: 40 },
        rateLimited: 0,
        shed: 0,
        cacheHitRate: 0.5,
      },
      elapsedS: 10,
    };
    const report = formatSidebarReport(result);
    expect(report).toContain('existing build of 2026-11-21T11:40:00.000Z');
    expect(report).toContain('initial load took 5.2 s and 31 background calls');
    expect(report).toMatch(/^cold {2,}2 {2,}600 {2,}600 {2,}1\.0 {2,}0\.0 {2,}1\.0$/m);
    expect(report).toMatch(/^warm {2,}2 {2,}30\.0 {2,}30\.0 {2,}0\.0 {2,}0\.0 {2,}0\.0$/m);
    expect(report).toMatch(/^cold ÷ warm {2,}20\.0× {2,}20\.0×$/m);
    expect(report).toContain('2 interactive + 40 background calls to Missive, 0 429s, 0 shed');
    expect(report).toContain(
      'previous design (commit 8bbec40, README): figures from an earlier run, NOT measured by this one',
    );
    expect(report).toMatch(
      /^cold: calls on the token per visit \(mean\) {2,}1\.0 {2,}12\.5 {2,}0\.1×$/m,
    );
    expect(report).toMatch(/^cold: median ms to the card {2,}600 {2,}413 {2,}1\.5×$/m);
    expect(report).toMatch(/^warm: median ms to the card {2,}30\.0 {2,}28\.0 {2,}1\.1×$/m);
    expect(report).toMatch(/^cold: median ms to the card {2,}≤ 150 {2,}600 {2}MISSED$/m);
  });
});
