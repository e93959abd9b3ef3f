import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { healthSchema } from '@crm/shared/health';
import { limitsReportSchema } from '@crm/shared/limits';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import type { UpstreamProxy } from '../test/upstream-proxy';

/**
 * Missive goes away and comes back, over real HTTP: agents are told
 * "unreachable" at once, none of the team's budget is spent on calls Missive
 * never received, and service resumes as soon as Missive answers again.
 */
let harness: GatewayHarness;
let missive: UpstreamProxy;

beforeAll(async () => {
  harness = await startGatewayHarness({
    throughProxy: true,
    mode: 'live',
    // A small window, which counting refused connections would soon fill.
    gatewayLimits: 'concurrent=5,40/60s',
  });
  missive = harness.proxy as UpstreamProxy;
});

afterAll(async () => {
  await harness.stop();
  expect(harness.unexpected).toEqual([]);
});

const limits = async () => limitsReportSchema.parse((await harness.request('/api/limits')).json);
const health = async () =>
  healthSchema.parse((await harness.request('/api/health', { key: null })).json);
/** Distinct reads, so that neither the cache nor coalescing can answer them. */
const read = (n: number) => harness.request(`/api/missive/v1/users?limit=${(n % 200) + 1}`);

describe('Missive unreachable, then back', () => {
  it('fails fast without spending the budget, says so in health, and serves again within seconds', async () => {
    expect((await read(0)).status).toBe(200);
    const spentBefore = (await limits()).budget.windows[0]?.used ?? 0;

    await missive.down();
    const answers = await Promise.all(Array.from({ length: 120 }, (_, n) => read(n + 1)));
    // Every read answered, each with the same actionable error; none as "busy".
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 502));
    const errors = answers.map((answer) => errorEnvelopeSchema.parse(answer.json).error);
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(['upstream_unreachable']));
    expect(errors.at(-1)?.message).toMatch(/Missive is unreachable .*nothing was sent/);
    expect(answers.at(-1)?.headers.get('retry-after')).toMatch(/^\d+$/);

    const during = await limits();
    expect(during.budget.windows[0]?.used).toBe(spentBefore);
    expect(during.upstream.rateLimited).toBe(0);
    expect(await health()).toMatchObject({
      upstream: { reachable: false, unreachable_since: expect.any(String) as unknown },
    });

    await missive.up();
    // The circuit's next probe is due within its longest wait (5 s); reads
    // until then are refused at once, so this loop is bounded by the product
    // (the bench measures how long it takes).
    let recovered = await read(500);
    while (recovered.status === 502) {
      await delay(200);
      recovered = await read(500);
    }
    expect(recovered.status).toBe(200);
    expect(await health()).toMatchObject({ upstream: { reachable: true, circuit: 'closed' } });
    const after = await limits();
    // Nothing but the probe and the reads that succeeded was counted.
    expect(after.budget.windows[0]?.used).toBeLessThanOrEqual(spentBefore + 3);
  }, 20_000);
});
