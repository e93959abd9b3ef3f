import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Accepts `Authorization: Bearer <secret>` for any of the given secrets.
 * Digests have equal length, so the comparison takes the same time whatever
 * the guess, and no secret's length leaks.
 */
export function bearerAuth(secrets: readonly string[], refusal: string): RequestHandler {
  const expected = secrets.map(digest);
  return (req, _res, next) => {
    const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const candidate = presented ? digest(presented) : undefined;
    // Every secret is compared, so timing does not tell which one matched.
    let ok = false;
    for (const secret of expected) if (candidate && timingSafeEqual(candidate, secret)) ok = true;
    if (!ok) throw new HttpError(401, refusal);
    next();
  };
}
