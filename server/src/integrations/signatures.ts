import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures as webhook senders make them (Missive, GitHub,
 * Stripe, most others): the hex digest of the body under a shared secret.
 */

// 64 hex digits is 32 bytes, SHA-256's length.
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The HMAC-SHA256 of `data` under `secret`: computed once per delivery, however many candidates. */
export function hmacSha256(secret: string, data: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Whether `candidate` (hex) is the digest `expected`. Compared in constant
 * time, so the answer's timing tells a forger nothing.
 */
export function digestEquals(expected: Buffer, candidate: string | undefined): boolean {
  if (candidate === undefined || !HEX_DIGEST.test(candidate)) return false;
  // The pattern fixed the length at 32 bytes, as timingSafeEqual requires.
  return timingSafeEqual(Buffer.from(candidate, 'hex'), expected);
}

/** Whether `candidate` (hex) is the HMAC-SHA256 of `data` under `secret`. */
export function hmacSha256Matches(
  secret: string,
  data: Buffer | string,
  candidate: string | undefined,
): boolean {
  // Checked first: a malformed candidate costs no pass over the body.
  if (candidate === undefined || !HEX_DIGEST.test(candidate)) return false;
  return digestEquals(hmacSha256(secret, data), candidate);
}

/** The hex digest of `sha256=<hex>` (GitHub's X-Hub-Signature-256, the generic provider's) or of bare hex. */
export function prefixedDigest(header: string | undefined): string | undefined {
  return header === undefined
    ? undefined
    : /^(?:sha256=)?([0-9a-f]{64})$/i.exec(header.trim())?.[1];
}

/** What a sender signs with: for tests and the bench, which play GitHub, Stripe and the rest. */
export function hmacSha256Hex(secret: string, data: Buffer | string): string {
  return hmacSha256(secret, data).toString('hex');
}
