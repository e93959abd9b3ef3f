import type { RequestHandler } from 'express';
import { bearerToken, sameSecret } from '../http/bearer-auth';
import { HttpError } from '../http/http-error';
import type { SessionTokens } from './sessions';

const REFUSAL =
  'Missing, invalid or expired credentials: send "Authorization: Bearer <access key or session token>"';

/**
 * Every /api request carries the access key or a session token. The Missive
 * token is never one of them: it is not compared against at all.
 */
export function requireAuth({
  accessKey,
  sessions,
}: {
  accessKey: string;
  sessions: SessionTokens;
}): RequestHandler {
  return (req, _res, next) => {
    const presented = bearerToken(req);
    if (!presented || !(sameSecret(presented, accessKey) || sessions.verify(presented))) {
      throw new HttpError(401, REFUSAL);
    }
    next();
  };
}

/**
 * EventSource cannot set headers, so the events stream alone also accepts a
 * session token (never the access key, which would then sit in URLs) in
 * `?token=`.
 */
export function requireStreamAuth({
  accessKey,
  sessions,
}: {
  accessKey: string;
  sessions: SessionTokens;
}): RequestHandler {
  const headerAuth = requireAuth({ accessKey, sessions });
  return (req, res, next) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (token === undefined) {
      headerAuth(req, res, next);
      return;
    }
    if (!sessions.verify(token))
      throw new HttpError(401, 'Invalid or expired session token in ?token=: sign in again');
    next();
  };
}
