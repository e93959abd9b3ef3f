import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Providers' webhook secrets are kept encrypted, not hashed: checking an
 * HMAC signature needs the secret itself. AES-256-GCM, so a sealed value
 * that was tampered with fails to open instead of yielding a wrong secret.
 *
 * The key comes from INTEGRATION_SECRETS_KEY or, failing that, a key file
 * the gateway creates in DATA_DIR (readable by its owner only). With the
 * variable set elsewhere than DATA_DIR, a copy of the database (a backup)
 * reveals no secret.
 */

const VERSION = 'v1';
export const KEY_FILE = 'integration-secrets.key';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** `keyText`: 32 bytes as base64 or hex (INTEGRATION_SECRETS_KEY). */
  static fromKey(keyText: string): SecretBox {
    const key = /^[0-9a-f]{64}$/i.test(keyText)
      ? Buffer.from(keyText, 'hex')
      : Buffer.from(keyText, 'base64');
    if (key.length !== 32) {
      throw new Error(
        'INTEGRATION_SECRETS_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)',
      );
    }
    return new SecretBox(key);
  }

  /** The key in DATA_DIR, created on first use. */
  static inDirectory(dataDir: string): SecretBox {
    const file = join(dataDir, KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      // 'wx': two gateways starting at once must not each write a key.
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    return SecretBox.fromKey(readFileSync(file, 'utf8').trim());
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64')))
      .join(':');
  }

  /** Throws when the value was sealed under another key or altered. */
  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('a stored integration secret is not in a format this gateway reads');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new Error(
        'a stored integration secret cannot be decrypted: INTEGRATION_SECRETS_KEY (or the key file in DATA_DIR) ' +
          'is not the one it was saved with; set the secret again in the dashboard',
        { cause: error },
      );
    }
  }
}
