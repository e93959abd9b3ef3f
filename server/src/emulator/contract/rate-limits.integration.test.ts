import { describe, expect, it } from 'vitest';
import { describeResponse, expectError, send } from './client';
import { useEmulatorTarget, type ContractResponse } from './harness';

/**
 * Missive's limits scaled down (5 concurrent, 300/min, 900/15 min become
 * 2 concurrent, 5/s, 8/3 s) so each can be crossed in a few requests. The
 * windows run on the fake clock: time passes when the test says so.
 */
const windows = useEmulatorTarget({ limits: 'concurrent=2,5/1s,8/3s' });
// Concurrency needs requests that stay in flight: each takes about 200 ms.
const slow = useEmulatorTarget({ limits: 'concurrent=2,100/1s,1000/3s', latencyMs: 200 });

function organizations(target = windows.target, token?: string | null): Promise<ContractResponse> {
  return send(target, 'listOrganizations', token === undefined ? {} : { token });
}

async function expectAdmitted(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await organizations();
    expect(response.status, describeResponse(response)).toBe(200);
  }
}

/** A 429 with the message and every header Missive sends with one. */
function expectLimited(
  response: ContractResponse,
  reason: string,
  limit: number,
  retryAfter: number,
  resetAtMs: number,
): void {
  expectError(response, 429, `Rate limit exceeded: ${reason}`);
  expect(response.headers.get('retry-after')).toBe(String(retryAfter));
  expect(response.headers.get('x-ratelimit-limit')).toBe(String(limit));
  expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(response.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil(resetAtMs / 1000)));
}

describe('rate limit windows', () => {
  it('refuses the request past the short window, says when to retry, and admits it after that', async () => {
    const start = windows.clock.now();
    await expectAdmitted(5);
    const refused = await organizations();
    expectLimited(refused, 'more than 5 requests in 1 seconds', 5, 1, start + 1000);
    windows.clock.advance(Number(refused.headers.get('retry-after')) * 1000);
    await expectAdmitted(1);
  });

  it('refuses past the long window while the short one still has room', async () => {
    // Six requests so far in the 3 s window; two more reach its limit of 8.
    const start = windows.clock.now() - 1000;
    await expectAdmitted(2);
    const refused = await organizations();
    expectLimited(refused, 'more than 8 requests in 3 seconds', 8, 2, start + 3000);
    windows.clock.advance(2000);
    await expectAdmitted(1);
  });

  it('lets neither refused nor unauthenticated requests spend the budget', async () => {
    windows.clock.advance(10_000);
    for (let i = 0; i < 10; i++)
      expect((await organizations(windows.target, null)).status).toBe(401);
    await expectAdmitted(5);
    expect((await organizations()).status).toBe(429);
    expect((await organizations()).status).toBe(429);
    windows.clock.advance(1000);
    // Had the refusals counted, the 3 s window would hold 7 of its 8 and
    // admit one more; it admits three.
    await expectAdmitted(3);
    expect((await organizations()).status).toBe(429);
  });
});

describe('concurrency', () => {
  it('refuses a third request while two are in flight, and admits again once they end', async () => {
    const responses = await Promise.all([0, 1, 2].map(() => organizations(slow.target)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 429]);
    const refused = responses.find((response) => response.status === 429);
    if (!refused) throw new Error('no refusal');
    expectLimited(refused, 'more than 2 concurrent requests', 2, 1, slow.clock.now() + 1000);
    const after = await Promise.all([0, 1].map(() => organizations(slow.target)));
    expect(after.map((response) => response.status)).toEqual([200, 200]);
  });
});
