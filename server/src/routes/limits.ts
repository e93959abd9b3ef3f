import express, { type Router } from 'express';
import type { Gateway } from '../gateway/gateway';
import { mountRoute } from '../http/gateway-route';

/** `GET /api/limits`: the live rate budget, queues, 429s seen and cache use. */
export function createLimitsRoute(gateway: Gateway): Router {
  const router = express.Router();
  mountRoute(router, 'getLimits', () => gateway.limits());
  return router;
}
