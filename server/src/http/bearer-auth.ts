import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './http-error';

/** The token of `Authorization: Bearer <token>`, if that is what the request sent. */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
}

/**
 * Compares two secrets in constant time whatever their lengths: digests
 * have equal length, so neither a guess's content nor its length leaks.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Accepts `Authorization: Bearer <secret>` and nothing else. */
export function bearerAuth(secret: string, refusal: string): RequestHandler {
  return (req, _res, next) => {
    const presented = bearerToken(req);
    if (!presented || !sameSecret(presented, secret)) throw new HttpError(401, refusal);
    next();
  };
}
