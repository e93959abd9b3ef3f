import { describe, expect, it } from 'vitest';
import { SessionTokens } from './sessions';

const ACCESS_KEY = 'the-team-access-key-0123456789';
const TTL = 60_000;
const VALID = { state: 'valid', keyId: 'a1b2c3d4e5f6', expiresAt: expect.any(Number) as unknown };
const FORGED = { state: 'forged' };

function tokens(clock: () => number, accessKey = ACCESS_KEY): SessionTokens {
  return new SessionTokens({ accessKey, ttlMs: TTL, clock });
}

/** The token with one character at `index` (negative: from the end) swapped for another. */
function alter(token: string, index: number): string {
  const at = index < 0 ? token.length + index : index;
  const swapped = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${swapped}${token.slice(at + 1)}`;
}

describe('SessionTokens', () => {
  it('accepts a token it issued until it expires, then calls it expired, not forged', () => {
    let now = 1_000_000;
    const sessions = tokens(() => now);
    const { token, expiresAt } = sessions.issue('a1b2c3d4e5f6');
    expect(expiresAt).toBe(1_000_000 + TTL);
    expect(sessions.check(token)).toEqual(VALID);
    now = expiresAt - 1;
    expect(sessions.check(token)).toEqual(VALID);
    now = expiresAt;
    expect(sessions.check(token)).toEqual({ state: 'expired' });
  });

  it('issues a different token each time', () => {
    const sessions = tokens(() => 0);
    expect(sessions.issue('a1b2c3d4e5f6').token).not.toBe(sessions.issue('a1b2c3d4e5f6').token);
  });

  it('refuses a token whose signature or body was altered', () => {
    const sessions = tokens(() => 0);
    const { token } = sessions.issue('a1b2c3d4e5f6');
    expect(sessions.check(alter(token, -1))).toEqual(FORGED);
    expect(sessions.check(alter(token, -20))).toEqual(FORGED);
    // The nonce is part of what is signed.
    const [version, expires, keyId, nonce, signature] = token.split('.');
    expect(
      sessions.check([version, expires, keyId, alter(nonce ?? '', 0), signature].join('.')),
    ).toEqual(FORGED);
    // Pushing the expiry later breaks the signature.
    const later = String(Number(expires) + 3_600_000);
    expect(sessions.check([version, later, keyId, nonce, signature].join('.'))).toEqual(FORGED);
    // So does claiming another person's key.
    expect(sessions.check([version, expires, 'bootstrap', nonce, signature].join('.'))).toEqual(
      FORGED,
    );
  });

  it('refuses a token signed with another access key', () => {
    const issuer = tokens(() => 0, 'another-access-key-0123456789');
    const { token } = issuer.issue('a1b2c3d4e5f6');
    expect(tokens(() => 0).check(token)).toEqual(FORGED);
    expect(issuer.check(token)).toEqual(VALID);
  });

  it.each([
    '',
    'garbage',
    ACCESS_KEY,
    'v1.1.2.3',
    'v2.99999999999999.bootstrap.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    // The first version's shape, which named nobody.
    'v1.99999999999999.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ])('refuses the non-token %j', (token) => {
    expect(tokens(() => 0).check(token)).toEqual(FORGED);
  });

  it('refuses a valid token with anything around it', () => {
    const sessions = tokens(() => 0);
    const { token } = sessions.issue('a1b2c3d4e5f6');
    expect(sessions.check(` ${token}`)).toEqual(FORGED);
    expect(sessions.check(`${token}.`)).toEqual(FORGED);
    expect(sessions.check(`${token}\n`)).toEqual(FORGED);
  });
});
