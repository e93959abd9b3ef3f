import { afterEach, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { organizationsResponse } from '@crm/shared/missive/people';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { sharedEnginesPerFile } from '../test/shared-engines';

/**
 * What a gateway sharing state does when a shared engine goes away, as the
 * README promises: Redis down, it refuses calls to Missive (fail closed)
 * with a 503 naming Redis, and serves again once it is back; PostgreSQL
 * down, cached reads still answer and writes are refused, unsent, with a
 * 503 naming the database.
 */
const engines = sharedEnginesPerFile();
const running: GatewayHarness[] = [];
afterEach(async () => {
  // An engine a test stopped is back before the next test (and before the harness stops).
  await Promise.all([
    engines()
      .redis.start()
      .catch(() => undefined),
    engines()
      .postgres.start()
      .catch(() => undefined),
  ]);
  await Promise.all(running.splice(0).map((harness) => harness.stop()));
});

async function harness(): Promise<GatewayHarness> {
  const started = await startGatewayHarness({ engines: engines(), mode: 'live' });
  running.push(started);
  return started;
}

const newTeam = {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
};

async function organization(gateway: GatewayHarness): Promise<string> {
  const answer = await gateway.request('/api/missive/v1/organizations');
  const first = organizationsResponse.parse(answer.json).organizations[0];
  if (!first) throw new Error('the emulator has no organization');
  return first.id;
}

describe('a gateway sharing its state', () => {
  it('refuses calls to Missive with a 503 naming Redis while Redis is down, and serves again after', async () => {
    const gateway = await harness();
    const { redis } = engines();
    // Spent before the outage: the budget Redis loses with it is put back after.
    expect((await gateway.request('/api/missive/v1/organizations')).status).toBe(200);
    const spent = (await gateway.gateway.limits()).budget.windows[0]?.used ?? 0;
    await redis.pause();
    const callsBefore = gateway.upstreamCalls();
    const refused = await gateway.request('/api/missive/v1/teams');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(errorEnvelopeSchema.parse(refused.json).error).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        new RegExp(
          `shared rate budget in Redis \\(redis://127\\.0\\.0\\.1:${redis.port}\\).*refused until it is back`,
        ),
      ) as unknown,
    });
    const callsWhileDown = gateway.upstreamCalls() - callsBefore;
    // Back empty: after half a lease (the harness's is 10 s), every instance has put back its own.
    await redis.start();
    await expect
      .poll(async () => (await gateway.request('/api/missive/v1/teams')).status, {
        timeout: 10_000,
        interval: 250,
      })
      .toBe(200);
    expect((await gateway.gateway.limits()).budget.windows[0]?.used).toBeGreaterThan(spent);
    // Nothing reached Missive while the budget could not be counted.
    expect(callsWhileDown).toBe(0);
    // What the app reported meanwhile is the outage, expected here.
    gateway.unexpected.length = 0;
  });

  it('answers cached reads and refuses writes, unsent, with a 503 naming the database while PostgreSQL is down', async () => {
    const gateway = await harness();
    const org = await organization(gateway);
    // Cached in Redis by this first read.
    expect((await gateway.request('/api/missive/v1/teams')).status).toBe(200);
    const { postgres } = engines();
    await postgres.pause();
    const cached = await gateway.request('/api/missive/v1/teams');
    expect(cached.status).toBe(200);
    expect(cached.headers.get('x-gateway-source')).toBe('cache');
    const calls = gateway.upstreamCalls();
    const write = await gateway.request('/api/missive/v1/teams', {
      ...newTeam,
      body: JSON.stringify({ teams: [{ name: 'Escalations', organization: org }] }),
    });
    expect(write.status).toBe(503);
    expect(errorEnvelopeSchema.parse(write.json).error).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(
        new RegExp(
          `PostgreSQL database at 127\\.0\\.0\\.1:${postgres.port}/gateway_\\w+ is unreachable.*writes are refused until it is back.*Nothing was sent to Missive`,
        ),
      ) as unknown,
    });
    expect(gateway.upstreamCalls()).toBe(calls);
    // What reads the store itself says which database it cannot reach, not "unexpected error".
    const audit = await gateway.request('/api/audit');
    expect(audit.status).toBe(503);
    expect(errorEnvelopeSchema.parse(audit.json).error.message).toMatch(
      /PostgreSQL database at .* is unreachable/,
    );

    await postgres.start();
    await expect
      .poll(
        async () =>
          (
            await gateway.request('/api/missive/v1/teams', {
              ...newTeam,
              body: JSON.stringify({ teams: [{ name: 'Escalations', organization: org }] }),
            })
          ).status,
        { timeout: 10_000, interval: 250 },
      )
      .toBe(200);
    gateway.unexpected.length = 0;
  });
});
