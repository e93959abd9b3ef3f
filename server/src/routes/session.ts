import express, { type Router } from 'express';
import { describeZodError } from '@crm/shared/errors';
import { sessionRequestSchema, type SessionResponse } from '@crm/shared/people';
import { addressOf, checkCredential, memberOf, type Credentials } from '../auth/require-auth';
import type { Member } from '../auth/people';
import type { SessionTokens } from '../auth/sessions';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';

/** A new session for `member`: the token, its end, and whose it is. */
function sessionFor(sessions: SessionTokens, member: Member): SessionResponse {
  return {
    ...sessions.issue(member.keyId),
    person: { name: member.name, role: member.role },
  };
}

/**
 * `POST /api/session {key}`: trades a person's access key for a short-lived
 * token naming them. Browsers keep the token, never the key.
 */
export function createSessionRoute(credentials: Credentials): Router {
  const router = express.Router();
  router.post('/session', jsonBody({ limit: 4096, strict: true }), async (req, res) => {
    const parsed = sessionRequestSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error));
    const admission = await checkCredential(credentials, addressOf(req), parsed.data.key, 'key');
    if (!admission) {
      throw new HttpError(401, 'That access key is not valid for this server (wrong or revoked)');
    }
    res.status(201).json(sessionFor(credentials.sessions, admission.member));
  });
  return router;
}

/**
 * `POST /api/session/renew` (authenticated): a fresh token for the same
 * person, so that a sidebar open all day is not signed out when its session
 * runs out. Only while the key is live: a revoked key's sessions are refused
 * before this is reached.
 */
export function createSessionRenewRoute(sessions: SessionTokens): Router {
  const router = express.Router();
  router.post('/session/renew', (req, res) => {
    res.status(201).json(sessionFor(sessions, memberOf(req)));
  });
  return router;
}
