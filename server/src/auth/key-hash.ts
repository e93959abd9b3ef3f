import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Access keys are stored as scrypt hashes, `scrypt$N$r$p$salt$hash`, so a
 * copy of the database does not hand out working keys. The parameters
 * travel with each hash: raising them later leaves older keys verifiable.
 * About 50 ms of one core per verification, which is why a verified key is
 * remembered in memory (People) and browsers trade it for a session token.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128 * N * r bytes; Node's default cap (32 MiB) is just short of N = 2^15.
    const maxmem = 256 * (options.N ?? PARAMS.N) * (options.r ?? PARAMS.r);
    scrypt(secret, salt, KEY_LENGTH, { ...options, maxmem }, (error, derived) => {
      if (error) reject(error);
      else resolve(derived);
    });
  });
}

export async function hashKey(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const derived = await derive(secret, salt, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    derived.toString('base64url'),
  ].join('$');
}

/** Whether `secret` is the key `stored` was made from; false for a malformed hash. */
export async function verifyKey(secret: string, stored: string): Promise<boolean> {
  const match = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt = '', hash = ''] = match;
  const expected = Buffer.from(hash, 'base64url');
  // Parameters scrypt refuses (a damaged row) verify nothing rather than throw.
  const derived = await derive(secret, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  }).catch(() => undefined);
  return derived?.length === expected.length && timingSafeEqual(derived, expected);
}
