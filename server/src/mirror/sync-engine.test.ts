import { afterEach, describe, expect, it } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { HttpError } from '../http/http-error';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { createMirror, type Mirror } from './mirror';

/**
 * How the background sync takes the gateway's refusals: "no room in the
 * budget" (agents come first) is waiting, not failing; an error is failing.
 */

let store: StoreWithMirror | undefined;
let mirror: Mirror | undefined;

afterEach(async () => {
  await mirror?.sync.stop();
  await store?.close();
});

async function syncAgainst(refusal: HttpError) {
  store = await openMemoryStore();
  let calls = 0;
  mirror = createMirror({
    store: store.mirror,
    gateway: {
      call: () => {
        calls += 1;
        return Promise.reject(refusal);
      },
    },
    limits: parseRateLimits('concurrent=5,300/60s,900/900s'),
    budgetShare: 0.2,
    intervalMs: 60_000,
  });
  mirror.sync.start();
  await expect.poll(() => calls).toBeGreaterThan(0);
  const report = await mirror.reader.status();
  return { calls: () => calls, report };
}

describe('the background sync', () => {
  it('waits for budget the agents are using, without calling it a failure', async () => {
    const busy = new HttpError(503, "Missive is busy: no room in Missive's rate budget", {
      code: 'overloaded',
    });
    const { calls, report } = await syncAgainst(busy);
    expect(report.objects.map((object) => object.state)).not.toContain('failing');
    expect(report.objects.every((object) => object.reason === null)).toBe(true);
    // It stands back rather than asking again at once.
    const asked = calls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls()).toBe(asked);
  });

  it('reports a part that Missive fails as failing, with the reason', async () => {
    const { report } = await syncAgainst(
      new HttpError(502, 'Missive could not be reached; try again shortly'),
    );
    const organizations = report.objects.find((object) => object.object === 'organizations');
    expect(organizations?.state).toBe('failing');
    expect(organizations?.reason).toContain('could not be reached');
  });
});
