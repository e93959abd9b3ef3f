import { describe, expect, it } from 'vitest';
import { SessionTokens } from './sessions';

const ACCESS_KEY = 'the-team-access-key-0123456789';
const TTL = 60_000;

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
    const { token, expiresAt } = sessions.issue();
    expect(expiresAt).toBe(1_000_000 + TTL);
    expect(sessions.check(token)).toBe('valid');
    now = expiresAt - 1;
    expect(sessions.check(token)).toBe('valid');
    now = expiresAt;
    expect(sessions.check(token)).toBe('expired');
  });

  it('issues a different token each time', () => {
    const sessions = tokens(() => 0);
    expect(sessions.issue().token).not.toBe(sessions.issue().token);
  });

  it('refuses a token whose signature or body was altered', () => {
    const sessions = tokens(() => 0);
    const { token } = sessions.issue();
    expect(sessions.check(alter(token, -1))).toBe('forged');
    expect(sessions.check(alter(token, -20))).toBe('forged');
    // The nonce is part of what is signed.
    const [version, expires, nonce, signature] = token.split('.');
    expect(sessions.check([version, expires, alter(nonce ?? '', 0), signature].join('.'))).toBe(
      'forged',
    );
    // Pushing the expiry later breaks the signature.
    const later = String(Number(expires) + 3_600_000);
    expect(sessions.check([version, later, nonce, signature].join('.'))).toBe('forged');
  });

  it('refuses a token signed with another access key', () => {
    const issuer = tokens(() => 0, 'another-access-key-0123456789');
    const { token } = issuer.issue();
    expect(tokens(() => 0).check(token)).toBe('forged');
    expect(issuer.check(token)).toBe('valid');
  });

  it.each([
    '',
    'garbage',
    ACCESS_KEY,
    'v1.1.2.3',
    'v2.99999999999999.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'v1.99999999999999.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  ])('refuses the non-token %j', (token) => {
    expect(tokens(() => 0).check(token)).toBe('forged');
  });

  it('refuses a valid token with anything around it', () => {
    const sessions = tokens(() => 0);
    const { token } = sessions.issue();
    expect(sessions.check(` ${token}`)).toBe('forged');
    expect(sessions.check(`${token}.`)).toBe('forged');
    expect(sessions.check(`${token}\n`)).toBe('forged');
  });
});
