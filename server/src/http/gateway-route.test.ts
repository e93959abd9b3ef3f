import express from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import type { Health } from '@crm/shared/health';
import { createErrorHandler } from './error-handler';
import { mountRoute } from './gateway-route';

/**
 * The helper on its own, on the public routes (no authentication to set
 * up): what the table decides (method, path, status, body parsing, input
 * validation, the answer's shape) is what the route does. That every entry
 * is mounted in the app, and who may call it, is
 * routes/gateway-routes.integration.test.ts.
 */

const health: Health = {
  status: 'ok',
  mode: 'demo',
  version: '1.0.0',
  upstream: { reachable: true },
};

const session = { token: 't', expiresAt: 1, person: { name: 'Ana', role: 'agent' as const } };

function appWith(mount: (router: express.Router) => void) {
  const onUnexpected = vi.fn();
  const router = express.Router();
  mount(router);
  const app = express();
  app.set('query parser', 'simple');
  app.use('/api', router);
  app.use(createErrorHandler(onUnexpected));
  return { app, onUnexpected };
}

describe('mountRoute', () => {
  it("answers the entry's method and path with its success status", async () => {
    const { app } = appWith((router) => {
      mountRoute(router, 'createSession', () => session);
    });
    const answer = await request(app).post('/api/session').send({ key: 'k' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual(session);
    expect((await request(app).get('/api/session')).status).toBe(404);
  });

  it("hands the handler the input as the entry's schemas parsed it", async () => {
    const seen = vi.fn();
    const { app } = appWith((router) => {
      mountRoute(router, 'createSession', (input) => {
        seen(input);
        return session;
      });
    });
    await request(app).post('/api/session').send({ key: 'k' });
    expect(seen).toHaveBeenCalledWith({ params: {}, query: {}, body: { key: 'k' } });
  });

  it('refuses a body the entry refuses with 400, naming where, before the handler runs', async () => {
    const handler = vi.fn(() => session);
    const { app } = appWith((router) => {
      mountRoute(router, 'createSession', handler);
    });
    const answer = await request(app).post('/api/session').send({ key: 'k', extra: 1 });
    expect(answer.status).toBe(400);
    const { error } = errorEnvelopeSchema.parse(answer.body);
    expect(error.message).toMatch(/extra/);
    expect(error.details).toMatchObject({ issues: [{ path: [] }] });
    expect(handler).not.toHaveBeenCalled();
  });

  it("keeps a route's own body limits", async () => {
    const { app } = appWith((router) => {
      mountRoute(router, 'createSession', () => session, { json: { limit: 64, strict: true } });
    });
    const big = await request(app)
      .post('/api/session')
      .send({ key: 'k'.repeat(100) });
    expect(big.status).toBe(413);
    const bare = await request(app)
      .post('/api/session')
      .set('Content-Type', 'application/json')
      .send('"k"');
    expect(bare.status).toBe(400);
  });

  it('ignores a query on a route that reads none, as before', async () => {
    const { app } = appWith((router) => {
      mountRoute(router, 'getHealth', () => health);
    });
    const answer = await request(app).get('/api/health?ts=1');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(health);
  });

  it('refuses, outside production, an answer its response schema does not accept', async () => {
    const { app, onUnexpected } = appWith((router) => {
      // A lower layer's cast let a wrong answer through: only the run-time check sees it.
      mountRoute(router, 'getHealth', () => ({ status: 'fine' }) as unknown as Health);
    });
    expect((await request(app).get('/api/health')).status).toBe(500);
    expect(onUnexpected).toHaveBeenCalledWith(
      expect.objectContaining({
        message: expect.stringContaining(
          'getHealth answered outside its response schema',
        ) as unknown,
      }),
    );
  });

  it('fails loudly, not openly, when a signed-in route is mounted before authentication', async () => {
    const { app, onUnexpected } = appWith((router) => {
      mountRoute(router, 'getMe', () => ({ person: { name: 'Ana', role: 'agent' } }));
    });
    expect((await request(app).get('/api/me')).status).toBe(500);
    expect(onUnexpected).toHaveBeenCalledOnce();
  });

  it("types the handler's answer and an admin route's refusal from the table", () => {
    const router = express.Router();
    // @ts-expect-error the answer is not the entry's response type
    mountRoute(router, 'getMe', () => ({ person: { name: 'Ana' } }));
    expect(() => {
      // @ts-expect-error an admin-only route says what an agent is refused
      mountRoute(router, 'listAccessKeys', () => ({ keys: [] }));
    }).toThrow(/admins only/);
    mountRoute(router, 'getMe', () => ({ person: { name: 'Ana', role: 'agent' } }), {
      // @ts-expect-error a route open to agents has no refusal to give
      refusal: 'see who they are',
    });
  });
});
