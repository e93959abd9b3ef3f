import express, { type Request, type Router } from 'express';
import { describeZodError } from '@crm/shared/errors';
import {
  deliveryListQuery,
  integrationUpdateBody,
  providerNameSchema,
  type Delivery,
} from '@crm/shared/integrations';
import { memberOf, requireAdmin } from '../auth/require-auth';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';
import type { Receiver } from '../integrations/receive';
import type { ActiveIntegration, IntegrationRegistry } from '../integrations/registry';
import type { IntegrationStore } from '../store/integration-store';

/** Providers' payloads are larger than Missive's (a pull request with its repository runs to 50 KB). */
const MAX_DELIVERY_BYTES = 5 * 1024 * 1024;

/**
 * `POST /integrations/:provider`: a provider's webhook delivery. It
 * authenticates itself (the provider's signature), so it sits before the
 * gateway's own authentication, as Missive's webhooks do.
 */
export function createIntegrationDeliveryRoute({
  receiver,
  publicUrl,
}: {
  receiver: Receiver;
  /** PUBLIC_URL: where Missive can fetch the gateway's icons; else the delivery's own host. */
  publicUrl: string | undefined;
}): Router {
  const router = express.Router();
  // What the admission step found, for the handler that runs after the body is read.
  const admitted = new WeakMap<Request, ActiveIntegration>();
  router.post(
    '/:provider',
    async (req, _res, next) => {
      admitted.set(req, await receiver.admit(req.params.provider));
      next();
    },
    // Any content type: the signature covers the bytes whatever they claim to be.
    express.raw({ type: () => true, limit: MAX_DELIVERY_BYTES }),
    async (req, res) => {
      const received: unknown = req.body;
      const rawBody = Buffer.isBuffer(received) ? received : Buffer.alloc(0);
      const integration = admitted.get(req);
      if (!integration) throw new Error('a delivery reached its handler without being admitted');
      const { status, body } = await receiver.receive(
        integration,
        { header: (name) => req.get(name), rawBody, receivedAt: Date.now() },
        publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`,
      );
      res.status(status).json(body);
    },
  );
  return router;
}

/**
 * `/api/integrations`: providers' settings (admins only; secrets are
 * written, never read back) and the deliveries (anyone signed in: the
 * dead-letter list is in Operations, with its retry).
 */
export function createIntegrationsRoute({
  registry,
  store,
  onRetried,
}: {
  registry: IntegrationRegistry;
  store: IntegrationStore;
  /** A dead delivery was queued again. */
  onRetried: (delivery: Delivery) => void;
}): Router {
  const router = express.Router();

  router.get('/integrations', async (req, res) => {
    requireAdmin(req, 'see the integrations');
    res.json({ integrations: await registry.list() });
  });

  router.get('/integrations/deliveries', async (req, res) => {
    const query = deliveryListQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, describeZodError(query.error));
    const { limit = 50, before, status } = query.data;
    const [deliveries, counts] = await Promise.all([
      store.listDeliveries({ limit, before, status }),
      store.countDeliveries(),
    ]);
    res.json({ deliveries, counts });
  });

  router.post('/integrations/deliveries/:id/retry', async (req, res) => {
    // A dead letter may be of unknown fate: sending it again may post twice,
    // which is an admin's call.
    requireAdmin(req, 'retry deliveries');
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new HttpError(400, `"${req.params.id}" is not a delivery id`);
    }
    const result = await store.retry(id, Date.now());
    if (!result) throw new HttpError(404, `delivery ${id} was not found`);
    if (!result.retried) {
      throw new HttpError(
        409,
        `delivery ${id} is ${result.delivery.status}: only a delivery that failed can be retried`,
      );
    }
    onRetried(result.delivery);
    res.json({ delivery: result.delivery });
  });

  router.put(
    '/integrations/:provider',
    jsonBody({ limit: 64 * 1024, strict: true }),
    async (req, res) => {
      const by = memberOf(req);
      requireAdmin(req, 'set up integrations');
      const provider = providerName(req);
      const body = integrationUpdateBody.safeParse(req.body);
      if (!body.success) throw new HttpError(400, describeZodError(body.error));
      res.json({ integration: await registry.update(provider, body.data, by.name) });
    },
  );

  router.delete('/integrations/:provider', async (req, res) => {
    requireAdmin(req, 'remove integrations');
    await registry.remove(providerName(req));
    res.json({ ok: true });
  });

  return router;
}

function providerName(req: Request): string {
  const name = providerNameSchema.safeParse(req.params.provider);
  if (!name.success) throw new HttpError(400, `provider: ${describeZodError(name.error)}`);
  return name.data;
}
