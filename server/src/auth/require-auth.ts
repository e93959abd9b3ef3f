import type { Request, RequestHandler } from 'express';
import type { EndpointName } from '@crm/shared/missive/endpoints';
import { ADMIN_ONLY, type Person } from '@crm/shared/people';
import { bearerToken } from '../http/bearer-auth';
import { HttpError } from '../http/http-error';
import type { KeyGuesses } from './key-guesses';
import type { Member, People } from './people';
import type { SessionTokens } from './sessions';

const REFUSAL =
  'Missing, invalid, expired or revoked credentials: send "Authorization: Bearer <access key or session token>", or sign in again';

export interface Credentials {
  people: People;
  sessions: SessionTokens;
  guesses: KeyGuesses;
}

/** Who a credential speaks for, and until when (a session's expiry; null for a key). */
export interface Admission {
  member: Member;
  until: number | null;
}

/**
 * The person `presented` speaks for, if it is what `accept` allows: a live
 * access key, a live session, or either. Throws 429 while `address` is held
 * for guessing; a wrong key or a forged session counts as a guess, an
 * expired session or a revoked key's session does not (they were real).
 */
export async function checkCredential(
  { people, sessions, guesses }: Credentials,
  address: string,
  presented: string,
  accept: 'key or session' | 'key' | 'session' = 'key or session',
): Promise<Admission | undefined> {
  guesses.admit(address);
  // A key that needs the slow check counts as a guess before it is checked
  // (a right one is forgiven after): counted only after, any number of
  // concurrent guesses would pass the throttle while their checks run.
  const guess = { counted: false };
  if (accept !== 'session') {
    const member = await people.authenticate(presented, () => {
      guess.counted = true;
      guesses.wrong(address);
    });
    if (member) {
      guesses.right(address);
      return { member, until: null };
    }
  }
  const session = accept === 'key' ? { state: 'forged' as const } : sessions.check(presented);
  if (session.state === 'forged' && !guess.counted) guesses.wrong(address);
  if (session.state !== 'valid') return undefined;
  const member = people.byKeyId(session.keyId);
  return member && { member, until: session.expiresAt };
}

/** The address a request came from, as the socket says (no proxy is trusted). */
export function addressOf(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

interface Admitted {
  member: Member;
  /** Whether the credential still holds: its key not revoked, its session not expired. */
  holds: () => boolean;
}

/** Who each authenticated request speaks for; a WeakMap so nothing outlives the request. */
const admitted = new WeakMap<Request, Admitted>();

function admittedOf(req: Request): Admitted {
  const found = admitted.get(req);
  // Only reachable if a route were mounted before requireAuth: a wiring bug, not a client's.
  if (!found) throw new Error(`${req.method} ${req.path} was served without authentication`);
  return found;
}

/** The person the request's credential speaks for (set by requireAuth). */
export function memberOf(req: Request): Member {
  return admittedOf(req).member;
}

/**
 * Whether the request's credential still holds now, for answers that last
 * (the event stream): a revoked key or an expired session ends them.
 */
export function stillAuthenticated(req: Request): boolean {
  return admittedOf(req).holds();
}

/** Refuses unless the request's person is an admin; `action` says what was refused. */
export function requireAdmin(req: Request, action: string): Person {
  const member = memberOf(req);
  if (member.role !== 'admin') {
    throw new HttpError(403, `Only an admin can ${action}; ${member.name} signed in as an agent`);
  }
  return member;
}

/** Refuses an agent's call to a Missive endpoint only admins may use (ADMIN_ONLY). */
export function requireRoleFor(req: Request, endpoint: EndpointName): void {
  const action = ADMIN_ONLY.get(endpoint);
  if (action) requireAdmin(req, action);
}

async function authenticate(
  credentials: Credentials,
  req: Request,
  presented: string | undefined,
  accept: 'key or session' | 'session',
  refusal: string,
): Promise<void> {
  const admission = presented
    ? await checkCredential(credentials, addressOf(req), presented, accept)
    : undefined;
  if (!admission) throw new HttpError(401, refusal);
  const { member, until } = admission;
  const { people } = credentials;
  admitted.set(req, {
    member,
    holds: () => people.isLive(member.keyId) && (until === null || until > Date.now()),
  });
}

/**
 * Every /api request carries a person's access key or a session token. The
 * Missive token is never one of them: it is not compared against at all.
 * Wrong ones are throttled (KeyGuesses).
 */
export function requireAuth(credentials: Credentials): RequestHandler {
  return async (req, _res, next) => {
    await authenticate(credentials, req, bearerToken(req), 'key or session', REFUSAL);
    next();
  };
}

/**
 * EventSource cannot set headers, so the events stream alone also accepts a
 * session token (never an access key, which would then sit in URLs) in
 * `?token=`.
 */
export function requireStreamAuth(credentials: Credentials): RequestHandler {
  return async (req, _res, next) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (token === undefined) {
      await authenticate(credentials, req, bearerToken(req), 'key or session', REFUSAL);
    } else {
      await authenticate(
        credentials,
        req,
        token,
        'session',
        'Invalid, expired or revoked session token in ?token=: sign in again',
      );
    }
    next();
  };
}
