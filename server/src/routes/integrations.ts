import express, { type Request, type Router } from 'express';
import type { Delivery } from '@crm/shared/integrations';
import { memberOf } from '../auth/require-auth';
import { mountRoute } from '../http/gateway-route';
import { HttpError } from '../http/http-error';
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

  mountRoute(router, 'listIntegrations', async () => ({ integrations: await registry.list() }), {
    refusal: 'see the integrations',
  });

  // These routes' messages name the field alone: "provider: …", "limit: …".
  const where = { params: '', query: '' };

  mountRoute(
    router,
    'listDeliveries',
    async ({ query: { limit = 50, before, status } }) => {
      const [deliveries, counts] = await Promise.all([
        store.listDeliveries({ limit, before, status }),
        store.countDeliveries(),
      ]);
      return { deliveries, counts };
    },
    { where },
  );

  // A dead letter may be of unknown fate: sending it again may post twice,
  // which is an admin's call.
  mountRoute(
    router,
    'retryDelivery',
    async ({ params: { id } }) => {
      const result = await store.retry(id, Date.now());
      if (!result) throw new HttpError(404, `delivery ${id} was not found`);
      if (!result.retried) {
        throw new HttpError(
          409,
          `delivery ${id} is ${result.delivery.status}: only a delivery that failed can be retried`,
        );
      }
      onRetried(result.delivery);
      return { delivery: result.delivery };
    },
    { refusal: 'retry deliveries', where },
  );

  mountRoute(
    router,
    'updateIntegration',
    async ({ params, body }, req) => ({
      integration: await registry.update(params.provider, body, memberOf(req).name),
    }),
    { refusal: 'set up integrations', json: { limit: 64 * 1024, strict: true }, where },
  );

  mountRoute(
    router,
    'deleteIntegration',
    async ({ params }) => {
      await registry.remove(params.provider);
      return { ok: true as const };
    },
    { refusal: 'remove integrations', where },
  );

  return router;
}
