import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived session tokens: `v1.<expires ms>.<nonce>.<signature>`, signed
 * with a key derived from the access key. Nothing is stored, so every
 * gateway instance that shares the key accepts them, and changing the key
 * ends every session at once.
 */
export class SessionTokens {
  private readonly signingKey: Buffer;
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor({
    accessKey,
    ttlMs,
    clock = Date.now,
  }: {
    accessKey: string;
    ttlMs: number;
    clock?: () => number;
  }) {
    this.signingKey = createHmac('sha256', accessKey)
      .update('missive-crm session tokens v1')
      .digest();
    this.ttlMs = ttlMs;
    this.clock = clock;
  }

  issue(): { token: string; expiresAt: number } {
    const expiresAt = this.clock() + this.ttlMs;
    const body = `v1.${expiresAt}.${randomBytes(12).toString('base64url')}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt };
  }

  /**
   * `expired` is a token this gateway issued that has run out (a browser
   * left open); `forged` is anything else, which counts as a guess.
   */
  check(token: string): 'valid' | 'expired' | 'forged' {
    const match = /^(v1\.(\d{1,15})\.[A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match?.[1] || !match[2] || !match[3]) return 'forged';
    const expected = Buffer.from(this.sign(match[1]));
    const given = Buffer.from(match[3]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return Number(match[2]) > this.clock() ? 'valid' : 'expired';
  }

  private sign(body: string): string {
    return createHmac('sha256', this.signingKey).update(body).digest('base64url');
  }
}
