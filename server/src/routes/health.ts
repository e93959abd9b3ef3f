import express, { type Router } from 'express';
import type { Health } from '@crm/shared/health';
import type { MissiveClient } from '../missive/client';

/** How long a known upstream outcome answers the health check before a new probe. */
const PROBE_EVERY_MS = 60_000;

export function createHealthRoute(deps: {
  mode: 'demo' | 'live';
  version: string;
  client: MissiveClient;
}): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    const known = deps.client.lastOutcome;
    // A probe costs one request of the team's budget, so at most one a minute.
    if (!known || Date.now() - known.at > PROBE_EVERY_MS) {
      await deps.client
        .call({ name: 'listOrganizations', params: {}, query: { limit: '1' }, body: undefined })
        .catch(() => undefined);
    }
    const health: Health = {
      status: 'ok',
      mode: deps.mode,
      version: deps.version,
      upstream: { reachable: deps.client.lastOutcome?.reachable ?? false },
    };
    res.json(health);
  });
  return router;
}
