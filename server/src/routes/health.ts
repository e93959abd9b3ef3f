import { setTimeout as delay } from 'node:timers/promises';
import express, { type Router } from 'express';
import type { Health } from '@crm/shared/health';
import type { GatewayName } from '@crm/shared/people';
import type { Gateway } from '../gateway/gateway';
import { mountRoute } from '../http/gateway-route';

/** How long a good upstream outcome answers the health check before a new probe. */
const PROBE_EVERY_MS = 60_000;
/**
 * After a failure the check probes again this soon (the circuit breaker
 * spaces probes further while Missive stays down), so that recovery shows
 * within seconds rather than a minute.
 */
const REPROBE_AFTER_FAILURE_MS = 2000;
/** The probe's name in the fairness queue and the audit log, reserved for it. */
const HEALTH_AGENT: GatewayName = 'health';
/** A health check answers promptly, even when the probe is queued behind real work. */
const PROBE_WAIT_MS = 3000;

export function createHealthRoute(deps: {
  mode: 'demo' | 'live';
  version: string;
  gateway: Gateway;
}): Router {
  const router = express.Router();
  mountRoute(router, 'getHealth', async () => {
    const { breaker } = deps.gateway;
    const known = breaker.report().lastCall;
    const age = known ? Date.now() - known.at : Infinity;
    const due = known?.answered
      ? age > PROBE_EVERY_MS
      : age > REPROBE_AFTER_FAILURE_MS && breaker.report().state !== 'open';
    // A probe spends the team's budget like any call (unless Missive never
    // received it): as background work, through the same queue and circuit.
    if (due) {
      const probe = deps.gateway
        .call({
          name: 'listOrganizations',
          params: {},
          query: { limit: '1' },
          body: undefined,
          agent: HEALTH_AGENT,
          lane: 'background',
        })
        .catch(() => undefined);
      await Promise.race([probe, delay(PROBE_WAIT_MS, undefined, { ref: false })]);
    }
    const circuit = breaker.report();
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const health: Health = {
      status: 'ok',
      mode: deps.mode,
      version: deps.version,
      upstream: {
        reachable: circuit.state === 'closed' && (circuit.lastCall?.answered ?? false),
        circuit: circuit.state,
        unreachable_since: iso(circuit.failingSince),
        retry_at: iso(circuit.retryAt),
      },
    };
    return health;
  });
  return router;
}
