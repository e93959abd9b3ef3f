import express, { type Router } from 'express';
import { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';
import { addressOf, type Credentials } from '../auth/require-auth';
import { sameSecret } from '../http/bearer-auth';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';

const sessionRequest = z.strictObject({ key: z.string().min(1).max(512) });

/** `POST /api/session {key}`: trades the access key for a short-lived token. */
export function createSessionRoute(credentials: Credentials): Router {
  const router = express.Router();
  router.post('/session', jsonBody({ limit: 4096, strict: true }), (req, res) => {
    const parsed = sessionRequest.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error));
    const address = addressOf(req);
    credentials.guesses.admit(address);
    if (!sameSecret(parsed.data.key, credentials.accessKey)) {
      credentials.guesses.wrong(address);
      throw new HttpError(401, 'That access key is not valid for this server');
    }
    credentials.guesses.right(address);
    res.status(201).json(credentials.sessions.issue());
  });
  return router;
}
