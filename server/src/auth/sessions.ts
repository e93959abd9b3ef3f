import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived session tokens: `v2.<expires ms>.<key id>.<nonce>.<signature>`,
 * signed with a key derived from APP_ACCESS_KEY. A token names the access key
 * it was traded for, not a role: the person and role are looked up on each
 * use (People), so revoking the key ends its sessions at once. Nothing is
 * stored, and changing APP_ACCESS_KEY ends every session.
 */

export type SessionCheck =
  { state: 'valid'; keyId: string; expiresAt: number } | { state: 'expired' } | { state: 'forged' };
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

  issue(keyId: string): { token: string; expiresAt: number } {
    const expiresAt = this.clock() + this.ttlMs;
    const body = `v2.${expiresAt}.${keyId}.${randomBytes(12).toString('base64url')}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt };
  }

  /**
   * `expired` is a token this gateway issued that has run out (a browser
   * left open); `forged` is anything else, which counts as a guess.
   */
  check(token: string): SessionCheck {
    const match =
      /^(v2\.(\d{1,15})\.([a-z0-9]{1,32})\.[A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
    const [, body, expires, keyId, signature] = match ?? [];
    if (!body || !expires || !keyId || !signature) return { state: 'forged' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { state: 'forged' };
    }
    const expiresAt = Number(expires);
    return expiresAt > this.clock() ? { state: 'valid', keyId, expiresAt } : { state: 'expired' };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.signingKey).update(body).digest('base64url');
  }
}
