import { describe, expect, it } from 'vitest';
import { integrationSettingsSchema } from '@crm/shared/integrations';
import { githubProvider } from '../server/src/integrations/providers/github';
import type { ModeResult } from './bench-gateway';
import {
  backgroundCaps,
  compareScenarios,
  firehoseDeliveries,
  formatIntegrationsReport,
  integrationsBenchOptionsFromEnv,
  integrationsTargets,
  lostOrDoubled,
  type FirehoseDelivery,
  type FirehoseResult,
  type IntegrationsBenchResult,
  type ScenarioResult,
} from './bench-integrations';
import { countStatuses, summariseLatency } from './bench-stats';

describe('integrationsBenchOptionsFromEnv', () => {
  it('takes 20 sidebars, 4 deliveries in flight, and the run settings the other benches read', () => {
    expect(integrationsBenchOptionsFromEnv({})).toMatchObject({
      sidebars: 20,
      seconds: 60,
      latencyMs: 120,
      seed: 1,
      concurrency: 4,
    });
    expect(
      integrationsBenchOptionsFromEnv({ BENCH_SECONDS: '30', BENCH_FIREHOSE_CONCURRENCY: '8' }),
    ).toMatchObject({ seconds: 30, concurrency: 8 });
  });

  it('refuses a concurrency it cannot use, naming it', () => {
    expect(() => integrationsBenchOptionsFromEnv({ BENCH_FIREHOSE_CONCURRENCY: '0' })).toThrow(
      /BENCH_FIREHOSE_CONCURRENCY=0 .* 1 to 64/,
    );
  });
});

/** What the gateway's GitHub module makes of a delivery (signature aside: the bench signs each body). */
async function processed(delivery: FirehoseDelivery) {
  const result = await githubProvider.process(
    JSON.parse(delivery.body),
    {
      header: (name) => (name.toLowerCase() === 'x-github-event' ? delivery.event : undefined),
      rawBody: Buffer.from(delivery.body),
      receivedAt: Date.now(),
    },
    {
      settings: integrationSettingsSchema.parse({ enabled: true }),
      conversationByEmail: () => Promise.resolve(undefined),
    },
  );
  if (!('post' in result)) throw new Error(`ignored: ${result.ignored}`);
  return result.post;
}

describe('firehoseDeliveries', () => {
  it('opens every thread before its next step, each step a post of its own thread', async () => {
    const deliveries = firehoseDeliveries(10);
    expect(deliveries).toHaveLength(30);
    const posts = await Promise.all(deliveries.map(processed));
    const threads = Array.from({ length: 10 }, (_, index) => [
      `github:Codertocat/Hello-World#${index + 1}`,
    ]);
    // Opened, then labeled or ready for review, then commented on or closed: thread by thread.
    expect(posts.map((post) => post.references)).toEqual([...threads, ...threads, ...threads]);
    expect(posts[0]?.markdown).toContain('](https://github.com/Codertocat/Hello-World/issues/1)');
    expect(posts[4]?.markdown).toContain('](https://github.com/Codertocat/Hello-World/pull/5)');
    expect(posts[20]?.markdown).toContain('/issues/1#issuecomment-');
  });

  it('makes every fifth thread a pull request, the rest issues', () => {
    const events = firehoseDeliveries(5).map((delivery) => delivery.event);
    expect(events).toEqual([
      ...['issues', 'issues', 'issues', 'issues', 'pull_request'],
      ...['issues', 'issues', 'issues', 'issues', 'pull_request'],
      ...['issue_comment', 'issue_comment', 'issue_comment', 'issue_comment', 'pull_request'],
    ]);
  });
});

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

const firehose: FirehoseResult = {
  concurrency: 4,
  deliveriesPrepared: 450,
  sent: 9000,
  accepted: 9000,
  notAccepted: {},
  elapsedS: 30,
  acceptLatency: { count: 9000, p50Ms: 8, p95Ms: 20 },
  postsInRun: 40,
  drainS: 30,
  drained: false,
  posts: 60,
  conversations: 60,
  deliveries: { queued: 8940, sending: 0, sent: 60, dead: 0 },
  failures: [],
};

function scenario(p95Ms: number, withFirehose: boolean): ScenarioResult {
  return {
    team: team(p95Ms),
    callsByLane: { interactive: 0, automation: 0, background: withFirehose ? 80 : 20 },
    rejected429: 0,
    gatewaySaw429: 0,
    unexpectedErrors: 0,
    backgroundShare: 0.3,
    firehose: withFirehose ? firehose : null,
  };
}

describe('integrationsTargets and the report', () => {
  it('holds the sidebars’ p95 beside the firehose to 1.25 × alone', () => {
    const met = integrationsTargets({
      alone: scenario(10, false),
      withFirehose: scenario(12, true),
    });
    expect(met.every((check) => check.met)).toBe(true);
    const missed = integrationsTargets({
      alone: scenario(10, false),
      withFirehose: scenario(13, true),
    });
    expect(missed.filter((check) => !check.met)).toEqual([
      {
        what: "sidebars' p95, with ÷ without the firehose",
        target: '≤ 1.25',
        measured: '1.30',
        met: false,
      },
    ]);
  });

  it('misses the firehose’s targets when there was no firehose to measure', () => {
    const checks = integrationsTargets({
      alone: scenario(10, false),
      withFirehose: scenario(10, false),
    });
    expect(checks.filter((check) => !check.met).map((check) => check.measured)).toEqual([
      '—',
      '—',
      '—',
    ]);
  });

  it('prints both runs side by side, rates and backlog included', () => {
    const scenarios = { alone: scenario(10, false), withFirehose: scenario(12, true) };
    const result: IntegrationsBenchResult = {
      settings: {
        sidebars: 20,
        seconds: 30,
        latencyMs: 120,
        seed: 1,
        concurrency: 4,
        threads: 150,
        limits: 'concurrent=5,300/60s,900/900s',
        backgroundShare: 0.3,
        backgroundCaps: backgroundCaps('concurrent=5,300/60s,900/900s', 0.3),
        thinkMs: [2000, 6000],
      },
      mirrorLoadS: { alone: 4, withFirehose: 4.5 },
      scenarios,
      comparison: compareScenarios(scenarios),
      targets: integrationsTargets(scenarios),
    };
    const report = formatIntegrationsReport(result);
    expect(report).toMatch(/p95 ms to a full sidebar +10\.0 +12\.0 +1\.20×/);
    expect(report).toMatch(/accepted per second +— +300\.00 +—/);
    expect(report).toMatch(/posts a minute, while the sidebars ran +— +80\.00/);
    expect(report).toMatch(/deliveries left in the queue +— +8940/);
    expect(report).toContain('GATEWAY_BACKGROUND_SHARE 0.3 (88 calls a 60 s, 264 calls a 900 s)');
    // 8940 at 264 a 900 s: at least 508 minutes.
    expect(report).toContain('they need at least 508 min more');
    expect(report).toContain('7 of 7 met.');
  });
});
