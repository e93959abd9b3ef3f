import express, { type Router } from 'express';
import { describeZodError } from '@crm/shared/errors';
import { createAccessKeyBody } from '@crm/shared/people';
import { memberOf, requireAdmin } from '../auth/require-auth';
import type { People } from '../auth/people';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';

/**
 * `GET /api/me`: who the credential speaks for (any signed-in person).
 * `GET|POST /api/keys`, `DELETE /api/keys/:id`: the team's access keys, for
 * admins: created with a name and a role (the key is in that answer only),
 * listed with their last use, revoked at once.
 */
export function createKeysRoute(people: People): Router {
  const router = express.Router();

  router.get('/me', (req, res) => {
    const { name, role } = memberOf(req);
    res.json({ person: { name, role } });
  });

  router.get('/keys', (req, res) => {
    requireAdmin(req, 'list access keys');
    res.json({ keys: people.list() });
  });

  router.post('/keys', jsonBody({ limit: 4096, strict: true }), async (req, res) => {
    const by = memberOf(req);
    requireAdmin(req, 'create access keys');
    const body = createAccessKeyBody.safeParse(req.body);
    if (!body.success) throw new HttpError(400, describeZodError(body.error));
    res.status(201).json(await people.create(body.data, by));
  });

  router.delete('/keys/:id', async (req, res) => {
    requireAdmin(req, 'revoke access keys');
    res.json({ accessKey: await people.revoke(req.params.id) });
  });

  return router;
}
