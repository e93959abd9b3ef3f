import { setTimeout as delay } from 'node:timers/promises';
import express, { type Router } from 'express';
import type { Health } from '@crm/shared/health';
import type { Gateway } from '../missive/gateway';

/** How long a known upstream outcome answers the health check before a new probe. */
const PROBE_EVERY_MS = 60_000;
/** A health check answers promptly, even when the probe is queued behind real work. */
const PROBE_WAIT_MS = 3000;

export function createHealthRoute(deps: {
  mode: 'demo' | 'live';
  version: string;
  gateway: Gateway;
}): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    const known = deps.gateway.client.lastOutcome;
    // A probe spends the team's budget like any call: at most one a minute,
    // as background work, through the same queue.
    if (!known || Date.now() - known.at > PROBE_EVERY_MS) {
      const probe = deps.gateway
        .call({
          name: 'listOrganizations',
          params: {},
          query: { limit: '1' },
          body: undefined,
          agent: 'health',
          lane: 'background',
        })
        .catch(() => undefined);
      await Promise.race([probe, delay(PROBE_WAIT_MS, undefined, { ref: false })]);
    }
    const health: Health = {
      status: 'ok',
      mode: deps.mode,
      version: deps.version,
      upstream: { reachable: deps.gateway.client.lastOutcome?.reachable ?? false },
    };
    res.json(health);
  });
  return router;
}
