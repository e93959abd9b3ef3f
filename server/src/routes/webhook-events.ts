import express, { type Router } from 'express';
import { mountRoute } from '../http/gateway-route';
import type { Store } from '../store/types';

/**
 * `GET /api/webhook-events?limit=&before=`: the webhook deliveries the
 * gateway kept, newest first, so the operations page can show whether
 * Missive's webhooks arrive at all. Read from the store only: it never
 * spends Missive's budget.
 */
export function createWebhookEventsRoute(store: Store): Router {
  const router = express.Router();
  mountRoute(router, 'listWebhookEvents', async ({ query }) => ({
    events: await store.listWebhookEvents({ limit: query.limit ?? 50, before: query.before }),
  }));
  return router;
}
