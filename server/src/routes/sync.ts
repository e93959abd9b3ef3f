import express, { type Router } from 'express';
import type { z } from 'zod';
import type { syncReportSchema } from '@crm/shared/sync';
import type { MirrorReader } from '../mirror/mirror-reader';

/**
 * `GET /api/sync`: how far the mirror of Missive is, object by object. Read
 * from the store only: it never spends Missive's budget.
 */
export function createSyncRoute(mirror: Pick<MirrorReader, 'status'>): Router {
  const router = express.Router();
  router.get('/sync', async (_req, res) => {
    // Typed against the shared schema, so the report and the contract cannot drift apart.
    const body: z.input<typeof syncReportSchema> = await mirror.status();
    res.json(body);
  });
  return router;
}
