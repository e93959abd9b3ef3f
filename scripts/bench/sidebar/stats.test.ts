import { describe, expect, it } from 'vitest';
import type { LimitsReport } from '@crm/shared/limits';
import {
  callsBetween,
  compareScenarios,
  conversationIdOfOption,
  pickConversations,
  routeOf,
  sidebarTargets,
  summariseRequests,
  summariseScenario,
  type PageRequest,
  type ScenarioStats,
} from './stats';
import { samples } from './fixtures';

describe('summariseScenario', () => {
  it('takes the median and p95 of measured times, in any order, and the token calls by lane', () => {
    const stats = summariseScenario('cold', [
      ...samples([500, 100, 300, 200, 400], 10, 1),
      ...samples([1000, 600, 900, 700, 800], 12, 0),
    ]);
    expect(stats).toEqual({
      scenario: 'cold',
      label: 'cold',
      count: 10,
      medianMs: 500,
      p95Ms: 900,
      interactiveCallsPerVisit: 11,
      interactiveCallsMedian: 10,
      backgroundCallsPerVisit: 0.5,
    });
  });

  it('tells a median of 0 from a mean pulled up by a few visits', () => {
    const stats = summariseScenario('cold', samples([1, 2, 3, 4, 5], [0, 0, 0, 6, 0]));
    expect(stats.interactiveCallsMedian).toBe(0);
    expect(stats.interactiveCallsPerVisit).toBe(1.2);
  });

  it('reports an empty scenario as zero times and no calls per visit', () => {
    expect(summariseScenario('warm', [])).toMatchObject({
      count: 0,
      medianMs: 0,
      p95Ms: 0,
      interactiveCallsPerVisit: null,
      interactiveCallsMedian: null,
      backgroundCallsPerVisit: null,
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

describe('callsBetween', () => {
  it('reads the token’s calls by lane from two GET /api/limits reports', () => {
    const limits = (interactive: number, background: number) =>
      ({
        upstream: { upstreamCallsByLane: { interactive, background } },
      }) as unknown as LimitsReport;
    expect(callsBetween(limits(3, 31), limits(3, 33))).toEqual({ interactive: 0, background: 2 });
  });
});

describe('routeOf', () => {
  it('groups requests by method and path, ids and queries left out', () => {
    expect(
      routeOf('POST', 'http://127.0.0.1:1/api/context/207f5a81-5930-426f-bd5b-fa8bdf4f3e18'),
    ).toBe('POST /api/context/:id');
    expect(routeOf('GET', 'http://127.0.0.1:1/api/missive/v1/users?limit=200')).toBe(
      'GET /api/missive/v1/users',
    );
  });
});

describe('summariseRequests', () => {
  it('counts each route per visit in every scenario, in the order cold visits started them', () => {
    const context: PageRequest = {
      frame: 'sidebar',
      route: 'POST /api/context/:id',
      startMs: 140,
      ms: 60,
    };
    const host: PageRequest = {
      frame: 'playground',
      route: 'POST /api/playground/conversations',
      startMs: 10,
      ms: 125,
    };
    const users: PageRequest = {
      frame: 'sidebar',
      route: 'GET /api/missive/v1/users',
      startMs: 300,
      ms: 150,
    };
    const rows = summariseRequests({
      cold: [
        ...samples([1], 0, 0, [users, context, host, users, users]),
        ...samples([1], 0, 0, [host, { ...context, startMs: 160, ms: 80 }]),
      ],
      warmGatewayColdBrowser: samples([1, 1], 0, 0, [context]),
      warm: samples([1, 1]),
    });
    expect(rows.map((row) => row.route)).toEqual([
      'POST /api/playground/conversations',
      'POST /api/context/:id',
      'GET /api/missive/v1/users',
    ]);
    expect(rows[1]).toEqual({
      frame: 'sidebar',
      route: 'POST /api/context/:id',
      perVisit: { cold: 1, warmGatewayColdBrowser: 1, warm: 0 },
      coldStartMs: 140,
      coldMedianMs: 60,
    });
    expect(rows[2]?.perVisit).toEqual({ cold: 1.5, warmGatewayColdBrowser: 0, warm: 0 });
  });
});

describe('sidebarTargets', () => {
  it('checks the cold calls (median and mean) and the cold and warm medians', () => {
    const checks = sidebarTargets([
      summariseScenario('cold', samples([120, 140, 160], [0, 0, 2])),
      summariseScenario('warm', samples([20, 25, 40])),
    ]);
    expect(checks.map(({ what, met }) => [what, met])).toEqual([
      ['cold: median calls on the token per visit', true],
      ['cold: mean calls on the token per visit', true],
      ['cold: median ms to the card', true],
      ['warm: median ms to the card', true],
    ]);
  });

  it('misses a target nothing measured', () => {
    expect(sidebarTargets([]).every((check) => !check.met)).toBe(true);
  });
});
