import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { startGatewayHarness, type Answer, type GatewayHarness } from '../test/gateway-harness';

/**
 * Faults between the gateway and Missive, over real HTTP: Missive killed in
 * the middle of a burst and restarted, and Missive too slow to answer. What
 * a team relies on: every request answered with the envelope (never a 500,
 * never a hang), every write accounted for in the audit log, and service
 * back by itself once Missive is.
 */
let harness: GatewayHarness | undefined;

afterEach(async () => {
  await harness?.stop();
  expect(harness?.unexpected).toEqual([]);
  harness = undefined;
});

async function start(options: Parameters<typeof startGatewayHarness>[0]) {
  harness = await startGatewayHarness({ throughProxy: true, mode: 'live', ...options });
  const missive = harness.proxy;
  if (!missive) throw new Error('the harness started without its proxy');
  return { harness, missive };
}

function firstConversation(target: GatewayHarness): string {
  const conversation = target.emulator.state.data.conversations[0];
  if (!conversation) throw new Error('the seed has no conversation');
  return conversation.id;
}

const post = (target: GatewayHarness, conversation: string, text: string) =>
  target.request('/api/missive/v1/posts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      posts: { conversation, notification: { title: 'Fault test', body: text }, text },
    }),
  });

/** A failure the way the gateway must give it: a 5xx it chose, in the envelope. */
function expectEnvelopedFailure(answer: Answer): void {
  expect([502, 503, 504]).toContain(answer.status);
  expect(errorEnvelopeSchema.safeParse(answer.json).success).toBe(true);
}

/** Reads until one is served; bounded by the circuit breaker's longest wait (5 s). */
async function untilServed(read: () => Promise<Answer>): Promise<Answer> {
  let answer = await read();
  while (answer.status !== 200) {
    expectEnvelopedFailure(answer);
    await delay(100);
    answer = await read();
  }
  return answer;
}

describe('faults between the gateway and Missive', () => {
  it('Missive killed mid-burst: every request answered, every write audited, service back on restart', async () => {
    const { harness: target, missive } = await start({});
    const conversation = firstConversation(target);
    missive.latencyMs = 300;
    const reads = Array.from({ length: 20 }, (_, n) =>
      target.request(`/api/missive/v1/users?limit=${n + 1}`),
    );
    const writes = Array.from({ length: 3 }, (_, n) => post(target, conversation, `burst ${n}`));
    await delay(100);
    await missive.down();
    const answers = await Promise.all([...reads, ...writes]);

    // The kill landed mid-burst: calls in flight were cut, the rest refused.
    expect(answers.filter((answer) => answer.status !== 200).length).toBeGreaterThan(0);
    for (const answer of answers) {
      if (answer.status !== 200) expectEnvelopedFailure(answer);
    }
    // Each write is in the audit log, whatever became of it.
    const audit = await target.store.listAudit({ limit: 50 });
    const burst = audit.filter((entry) => entry.endpoint === 'createPost');
    expect(burst).toHaveLength(3);
    for (const [index, answer] of answers.slice(20).entries()) {
      const entry = burst.find(
        (candidate) =>
          JSON.stringify(candidate.requestBody).includes(`burst ${index}`) &&
          (answer.status === 200 ? candidate.upstreamStatus === 200 : candidate.error !== null),
      );
      expect(entry, `write ${index} answered ${answer.status}`).toBeDefined();
      // Cut after it was sent: it may have been applied, and the log says so;
      // refused before it left: certainly not.
      const code = errorEnvelopeSchema.safeParse(answer.json).data?.error.code;
      if (answer.status === 504) expect(entry?.error).toMatch(/^unknown outcome/);
      if (code === 'upstream_unreachable') expect(entry?.error).not.toMatch(/unknown outcome/);
    }

    missive.latencyMs = 0;
    await missive.up();
    await untilServed(() =>
      target.request('/api/missive/v1/users?limit=1', { headers: { 'Cache-Control': 'no-cache' } }),
    );
    expect((await post(target, conversation, 'after the restart')).status).toBe(200);
  }, 30_000);

  it('Missive too slow: 504 at the timeout, the write audited as of unknown outcome, service back when it speeds up', async () => {
    const { harness: target, missive } = await start({ upstreamTimeoutMs: 300 });
    const conversation = firstConversation(target);
    missive.latencyMs = 2000;

    const read = await target.request('/api/missive/v1/users?limit=3');
    expect(read.status).toBe(504);
    expect(errorEnvelopeSchema.parse(read.json).error.message).toMatch(/did not answer within/);
    const write = await post(target, conversation, 'slow');
    expectEnvelopedFailure(write);
    const [entry] = await target.store.listAudit({ limit: 1 });
    expect(entry).toMatchObject({ endpoint: 'createPost', upstreamStatus: null });
    expect(entry?.error).toMatch(/unknown outcome/);

    missive.latencyMs = 0;
    await untilServed(() =>
      target.request('/api/missive/v1/users?limit=4', { headers: { 'Cache-Control': 'no-cache' } }),
    );
  }, 30_000);
});
