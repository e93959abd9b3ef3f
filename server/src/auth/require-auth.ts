import type { Request, RequestHandler } from 'express';
import { bearerToken, sameSecret } from '../http/bearer-auth';
import { HttpError } from '../http/http-error';
import type { KeyGuesses } from './key-guesses';
import type { SessionTokens } from './sessions';

const REFUSAL =
  'Missing, invalid or expired credentials: send "Authorization: Bearer <access key or session token>"';

export interface Credentials {
  accessKey: string;
  sessions: SessionTokens;
  guesses: KeyGuesses;
}

/**
 * Whether `presented` is what `accept` allows: the access key, a live
 * session, or either. Throws 429 while `address` is held for guessing; a
 * wrong key or a forged session counts as a guess, an expired one does not.
 */
export function checkCredential(
  { accessKey, sessions, guesses }: Credentials,
  address: string,
  presented: string,
  accept: 'key or session' | 'key' | 'session' = 'key or session',
): boolean {
  guesses.admit(address);
  if (accept !== 'session' && sameSecret(presented, accessKey)) {
    guesses.right(address);
    return true;
  }
  const session = accept === 'key' ? 'forged' : sessions.check(presented);
  if (session === 'forged') guesses.wrong(address);
  return session === 'valid';
}

/** The address a request came from, as the socket says (no proxy is trusted). */
export function addressOf(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Every /api request carries the access key or a session token. The Missive
 * token is never one of them: it is not compared against at all. Wrong ones
 * are throttled (KeyGuesses).
 */
export function requireAuth(credentials: Credentials): RequestHandler {
  return (req, _res, next) => {
    const presented = bearerToken(req);
    if (!presented || !checkCredential(credentials, addressOf(req), presented)) {
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
export function requireStreamAuth(credentials: Credentials): RequestHandler {
  const headerAuth = requireAuth(credentials);
  return (req, res, next) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (token === undefined) {
      headerAuth(req, res, next);
      return;
    }
    if (!checkCredential(credentials, addressOf(req), token, 'session'))
      throw new HttpError(401, 'Invalid or expired session token in ?token=: sign in again');
    next();
  };
}
