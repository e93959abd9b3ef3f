import express, { type Router } from 'express';
import { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';
import { addressOf, checkCredential, type Credentials } from '../auth/require-auth';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';

const sessionRequest = z.strictObject({ key: z.string().min(1).max(512) });

/** `POST /api/session {key}`: trades the access key for a short-lived token. */
export function createSessionRoute(credentials: Credentials): Router {
  const router = express.Router();
  router.post('/session', jsonBody({ limit: 4096, strict: true }), (req, res) => {
    const parsed = sessionRequest.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error));
    if (!checkCredential(credentials, addressOf(req), parsed.data.key, 'key')) {
      throw new HttpError(401, 'That access key is not valid for this server');
    }
    res.status(201).json(credentials.sessions.issue());
  });
  return router;
}
