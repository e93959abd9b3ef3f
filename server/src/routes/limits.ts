import express, { type Router } from 'express';
import type { Gateway } from '../gateway/gateway';

/** `GET /api/limits`: the live rate budget, queues, 429s seen and cache use. */
export function createLimitsRoute(gateway: Gateway): Router {
  const router = express.Router();
  router.get('/limits', (_req, res) => {
    res.json(gateway.limits());
  });
  return router;
}
