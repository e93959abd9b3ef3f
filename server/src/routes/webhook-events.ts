import express, { type Router } from 'express';
import type { z } from 'zod';
import { webhookEventListQuery, type webhookEventListResponse } from '@crm/shared/webhook-events';
import type { Store } from '../store/types';
import { invalid } from './contacts';

/**
 * `GET /api/webhook-events?limit=&before=`: the webhook deliveries the
 * gateway kept, newest first, so the operations page can show whether
 * Missive's webhooks arrive at all. Read from the store only: it never
 * spends Missive's budget.
 */
export function createWebhookEventsRoute(store: Store): Router {
  const router = express.Router();
  router.get('/webhook-events', async (req, res) => {
    const query = webhookEventListQuery.safeParse(req.query);
    if (!query.success) throw invalid(query.error, 'query');
    const events = await store.listWebhookEvents({
      limit: query.data.limit ?? 50,
      before: query.data.before,
    });
    // Typed against the shared schema, so the store and the contract cannot drift apart.
    const body: z.input<typeof webhookEventListResponse> = { events };
    res.json(body);
  });
  return router;
}
