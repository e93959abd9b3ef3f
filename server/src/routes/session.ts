import express, { type Router } from 'express';
import type { SessionResponse } from '@crm/shared/people';
import { addressOf, checkCredential, memberOf, type Credentials } from '../auth/require-auth';
import type { Member } from '../auth/people';
import type { SessionTokens } from '../auth/sessions';
import { mountRoute } from '../http/gateway-route';
import { HttpError } from '../http/http-error';

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
  mountRoute(
    router,
    'createSession',
    async ({ body }, req) => {
      const admission = await checkCredential(credentials, addressOf(req), body.key, 'key');
      if (!admission) {
        throw new HttpError(401, 'That access key is not valid for this server (wrong or revoked)');
      }
      return sessionFor(credentials.sessions, admission.member);
    },
    { json: { limit: 4096, strict: true } },
  );
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
  mountRoute(router, 'renewSession', (_input, req) => sessionFor(sessions, memberOf(req)));
  return router;
}
