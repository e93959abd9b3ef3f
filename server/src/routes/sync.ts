import express, { type Router } from 'express';
import { mountRoute } from '../http/gateway-route';
import type { MirrorReader } from '../mirror/mirror-reader';

/**
 * `GET /api/sync`: how far the mirror of Missive is, object by object. Read
 * from the store only: it never spends Missive's budget.
 */
export function createSyncRoute(mirror: Pick<MirrorReader, 'status'>): Router {
  const router = express.Router();
  mountRoute(router, 'getSyncReport', () => mirror.status());
  return router;
}
