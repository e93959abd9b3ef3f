import express, { type Router } from 'express';
import { memberOf } from '../auth/require-auth';
import type { People } from '../auth/people';
import { mountRoute } from '../http/gateway-route';

/**
 * `GET /api/me`: who the credential speaks for (any signed-in person).
 * `GET|POST /api/keys`, `DELETE /api/keys/:id`: the team's access keys, for
 * admins: created with a name and a role (the key is in that answer only),
 * listed with their last use, revoked at once.
 */
export function createKeysRoute(people: People): Router {
  const router = express.Router();

  mountRoute(router, 'getMe', (_input, req) => {
    const { name, role } = memberOf(req);
    return { person: { name, role } };
  });

  mountRoute(router, 'listAccessKeys', () => ({ keys: people.list() }), {
    refusal: 'list access keys',
  });

  mountRoute(router, 'createAccessKey', ({ body }, req) => people.create(body, memberOf(req)), {
    refusal: 'create access keys',
    json: { limit: 4096, strict: true },
  });

  mountRoute(
    router,
    'revokeAccessKey',
    async ({ params }) => ({ accessKey: await people.revoke(params.id) }),
    { refusal: 'revoke access keys' },
  );

  return router;
}
