import { describe, expect, it } from 'vitest';
import { countStatuses, summariseLatency, type TargetCheck } from '../../bench-stats';
import type { ModeResult } from '../gateway/results';
import {
  backgroundCaps,
  compareScenarios,
  formatIntegrationsReport,
  integrationsTargets,
  lostOrDoubled,
  type IntegrationsBenchResult,
} from './report';
import type { FirehoseResult, ScenarioResult } from './scenario';

describe('backgroundCaps', () => {
  it('is the lane’s share of what the gateway allows itself in each window', () => {
    // 300/60 s: 294 allowed, 30 % is 88; 900/900 s: 882 allowed, 30 % is 264.
    expect(backgroundCaps('concurrent=5,300/60s,900/900s', 0.3)).toEqual([
      { windowS: 60, calls: 88 },
      { windowS: 900, calls: 264 },
    ]);
  });
});

describe('lostOrDoubled', () => {
  const counts = (sent: number, sending: number) => ({ queued: 9, sending, sent, dead: 0 });

  it('allows the post under way at the count to be in Missive or not yet', () => {
    expect(lostOrDoubled({ posts: 10, deliveries: counts(10, 1) })).toBe(0);
    expect(lostOrDoubled({ posts: 11, deliveries: counts(10, 1) })).toBe(0);
  });

  it('counts deliveries marked sent without a post, and posts beyond the deliveries', () => {
    expect(lostOrDoubled({ posts: 8, deliveries: counts(10, 0) })).toBe(2);
    expect(lostOrDoubled({ posts: 12, deliveries: counts(10, 1) })).toBe(1);
  });
});

function team(p95Ms: number, fullyServed = 100): ModeResult {
  return {
    mode: 'readModel',
    elapsedS: 30,
    setup: { mirrorLoadS: 4, mirrorLoadCalls: 31 },
    switches: {
      completed: 100,
      reads: 100,
      fullyServed,
      latency: { count: fullyServed, p50Ms: p95Ms / 2, p95Ms },
    },
    interactive: {
      ...countStatuses([]),
      latency: summariseLatency([]),
      servedLatency: summariseLatency([]),
    },
    background: null,
    upstream: {
      admitted: 40,
      rejected429: 0,
      sidebar: { admitted: 0, rejected: 0 },
      sync: { admitted: 40, rejected: 0 },
      perSwitch: 0,
      attemptsPerSwitch: 0,
    },
    budget: { allowedInRun: 300, share: 0, peakWindowShare: 0, longWindowShare: 0 },
    gateway: null,
  };
}

/** 20 a second for 30 s, paced: 600 deliveries, 40 posted while the sidebars ran. */
const paced: FirehoseResult = {
  concurrency: 4,
  rate: 20,
  deliveriesPrepared: 450,
  sent: 600,
  accepted: 600,
  notAccepted: {},
  elapsedS: 30,
  acceptLatency: { count: 600, p50Ms: 3, p95Ms: 6 },
  postsInRun: 40,
  drainS: 30,
  drained: false,
  posts: 60,
  conversations: 60,
  deliveries: { queued: 540, sending: 0, sent: 60, dead: 0 },
  failures: [],
};

/** As fast as answered: 9 000 in 30 s. */
const unpaced: FirehoseResult = {
  ...paced,
  rate: null,
  sent: 9000,
  accepted: 9000,
  acceptLatency: { count: 9000, p50Ms: 8, p95Ms: 20 },
  deliveries: { queued: 8940, sending: 0, sent: 60, dead: 0 },
};

function scenario(p95Ms: number, firehose: FirehoseResult | null = null): ScenarioResult {
  return {
    team: team(p95Ms),
    callsByLane: { interactive: 0, automation: 0, background: firehose ? 80 : 20 },
    rejected429: 0,
    gatewaySaw429: 0,
    unexpectedErrors: 0,
    backgroundShare: 0.3,
    firehose,
  };
}

const missed = (checks: readonly TargetCheck[]) => checks.filter((check) => !check.met);

describe('integrationsTargets and the report', () => {
  it('holds the sidebars’ p95 beside the paced firehose to 1.25 × alone, and not beside the unpaced one', () => {
    const met = integrationsTargets({
      alone: scenario(10),
      paced: scenario(12, paced),
      unpaced: scenario(40, unpaced),
    });
    expect([...met.paced, ...met.unpaced].every((check) => check.met)).toBe(true);
    const slow = integrationsTargets({
      alone: scenario(10),
      paced: scenario(13, paced),
      unpaced: scenario(12, unpaced),
    });
    expect(missed(slow.paced)).toEqual([
      { what: "sidebars' p95, ÷ alone", target: '≤ 1.25', measured: '1.30', met: false },
    ]);
    expect(missed(slow.unpaced)).toEqual([]);
  });

  it('misses a paced run that fell behind its rate: it would flatter the sidebars', () => {
    const behind = integrationsTargets({
      alone: scenario(10),
      paced: scenario(10, { ...paced, sent: 540, accepted: 540 }),
      unpaced: scenario(40, unpaced),
    });
    // 540 in 30 s is 18 a second: 0.90 of the 20 asked.
    expect(missed(behind.paced)).toEqual([
      {
        what: 'deliveries accepted a second, ÷ the rate asked',
        target: '≥ 0.95',
        measured: '0.90',
        met: false,
      },
    ]);
  });

  it('holds both firehoses to no 429 and no post lost or doubled', () => {
    const refused = { ...scenario(10, unpaced), gatewaySaw429: 2 };
    const doubled = scenario(10, { ...paced, posts: 62 });
    const checks = integrationsTargets({ alone: scenario(10), paced: doubled, unpaced: refused });
    expect(missed(checks.paced).map((check) => [check.what, check.measured])).toEqual([
      ['deliveries sent without a post in Missive, or posted twice', '2'],
    ]);
    expect(missed(checks.unpaced).map((check) => [check.what, check.measured])).toEqual([
      ['429s (Missive + gateway)', '2'],
    ]);
  });

  it('misses the firehoses’ targets when there was no firehose to measure', () => {
    const checks = integrationsTargets({
      alone: scenario(10),
      paced: scenario(10),
      unpaced: scenario(10),
    });
    expect(missed(checks.paced).map((check) => check.measured)).toEqual(['—', '—', '—', '—']);
    expect(missed(checks.unpaced).map((check) => check.measured)).toEqual(['—', '—']);
  });

  it('prints the three runs side by side, rates, ratios and backlog included', () => {
    const scenarios = {
      alone: scenario(10),
      paced: scenario(12, paced),
      unpaced: scenario(40, unpaced),
    };
    const result: IntegrationsBenchResult = {
      settings: {
        sidebars: 20,
        seconds: 30,
        latencyMs: 120,
        seed: 1,
        concurrency: 4,
        rate: 20,
        threads: 150,
        limits: 'concurrent=5,300/60s,900/900s',
        backgroundShare: 0.3,
        backgroundCaps: backgroundCaps('concurrent=5,300/60s,900/900s', 0.3),
        integrationBackoff: { firstMs: 2_000, maxMs: 600_000, attempts: 11 },
        thinkMs: [2000, 6000],
      },
      mirrorLoadS: { alone: 4, paced: 4.5, unpaced: 5 },
      scenarios,
      comparison: compareScenarios(scenarios),
      targets: integrationsTargets(scenarios),
    };
    const report = formatIntegrationsReport(result);
    expect(report).toMatch(
      /^ +alone +\+ firehose 20\/s +\+ firehose unpaced +paced ÷ alone +unpaced ÷ alone$/m,
    );
    expect(report).toMatch(/p95 ms to a full sidebar +10\.0 +12\.0 +40\.0 +1\.20× +4\.00×/);
    expect(report).toMatch(/accepted per second +— +20\.00 +300\.00 +— +—/);
    expect(report).toMatch(/posts a minute, while the sidebars ran +— +80\.00 +80\.00/);
    expect(report).toMatch(/deliveries left in the queue +— +540 +8940/);
    expect(report).toContain(
      "in this order: paced, alone, unpaced, each after the mirror's load (paced 4.5 s, alone 4.0 s, unpaced 5.0 s)",
    );
    expect(report).toContain('retried as in production (11 tries, 2 s doubling to 10 min)');
    expect(report).toContain('GATEWAY_BACKGROUND_SHARE 0.3 (88 calls a 60 s, 264 calls a 900 s)');
    expect(report).toContain(
      'GitHub firehose paced at 20/s, at most 4 in flight: 600 deliveries in 30.0 s, cycling through 450 events (each sending a body of its own',
    );
    expect(report).toContain('GitHub firehose unpaced (capacity): 4 in flight');
    // 8940 at 264 a 900 s: at least 508 minutes.
    expect(report).toContain('they need at least 508 min more');
    expect(report).toContain('8 of 8 met.');
    expect(report).toContain('2 of 2 met.');
  });
});
