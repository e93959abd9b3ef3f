import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures as webhook senders make them (Missive, GitHub,
 * Stripe, most others): the hex digest of the body under a shared secret.
 */

// 64 hex digits is 32 bytes, SHA-256's length.
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/**
 * Whether `candidate` (hex) is the HMAC-SHA256 of `data` under `secret`.
 * Compared in constant time, so the answer's timing tells a forger nothing.
 */
export function hmacSha256Matches(
  secret: string,
  data: Buffer | string,
  candidate: string | undefined,
): boolean {
  if (candidate === undefined || !HEX_DIGEST.test(candidate)) return false;
  const expected = createHmac('sha256', secret).update(data).digest();
  // The pattern fixed the length at 32 bytes, as timingSafeEqual requires.
  return timingSafeEqual(Buffer.from(candidate, 'hex'), expected);
}

/** `sha256=<hex>` (GitHub's X-Hub-Signature-256, and the generic provider's) or bare hex. */
export function prefixedDigest(header: string | undefined): string | undefined {
  return header === undefined
    ? undefined
    : /^(?:sha256=)?([0-9a-f]{64})$/i.exec(header.trim())?.[1];
}

export function hmacSha256Hex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}
