import { expect, it } from 'vitest';
import { runClusterScenario } from './scenario';

// Real processes on a real Redis and PostgreSQL, at Missive's real limits: a
// minute at most, most of it the burst and the wait for the lease.
it('keeps three gateways on one token within every limit, and the other two serving when one is SIGKILLed mid-burst', async () => {
  const result = await runClusterScenario({
    instances: 3,
    shared: true,
    agents: 20,
    durationMs: 12_000,
    thinkMs: 1000,
    latencyMs: 150,
    killAtMs: 5000,
    slotLeaseMs: 2000,
    webhooks: 6,
    log: () => undefined,
  });
  // What Missive saw: never a 429, never more than 5 at once, every window within its limit.
  expect(result.upstream.rejected429).toBe(0);
  expect(result.upstream.peakInFlight).toBeLessThanOrEqual(5);
  expect(result.upstream.windowsUsed[0]).toBeLessThanOrEqual(300);
  expect(result.upstream.windowsUsed[1]).toBeLessThanOrEqual(900);
  // The survivors kept serving, and the dead instance's slots lapsed with their lease.
  expect(result.kill?.servedAfter).toBeGreaterThan(50);
  expect(result.kill?.failedAfter).toBe(0);
  // Nobody renewed the dead instance's slots: each lapsed within its lease
  // (renewed at most a third of a lease before the kill).
  expect(result.kill?.deadSlots.longestMs).toBeLessThanOrEqual(2000);
  expect(result.kill?.deadSlots.afterLease).toBe(0);
  expect(result.servedShare).toBeGreaterThan(0.9);
  // Each webhook delivered to two instances was stored and acted on once.
  expect(result.webhooks).toEqual({ sent: 6, stored: 6, duplicates: 0 });
  // The dead instance's streams moved to the others and heard what followed.
  expect(result.streams.reconnected).toBeGreaterThan(0);
  expect(result.streams.missedAfterKill).toBe(0);
  expect(result.streams.withoutEventsAfterReconnect).toBe(0);
}, 120_000);
