import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE, SecretBox } from './secret-box';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

function directory(): string {
  const made = mkdtempSync(join(tmpdir(), 'secret-box-'));
  directories.push(made);
  return made;
}

describe('SecretBox', () => {
  it('opens what it sealed, and the sealed text does not hold the secret', () => {
    const box = SecretBox.fromKey('ab'.repeat(32));
    const sealed = box.seal('whsec_a-webhook-secret');
    expect(sealed).not.toContain('whsec');
    expect(box.open(sealed)).toBe('whsec_a-webhook-secret');
    // A fresh IV each time: equal secrets do not look equal in the database.
    expect(box.seal('whsec_a-webhook-secret')).not.toBe(sealed);
  });

  it('refuses a value sealed under another key, or altered, with what to do', () => {
    const sealed = SecretBox.fromKey('ab'.repeat(32)).seal('a-secret-of-some-length');
    expect(() => SecretBox.fromKey('cd'.repeat(32)).open(sealed)).toThrow(
      /is not the one it was saved with; set the secret again in the dashboard/,
    );
    const [version, iv, tag, data = ''] = sealed.split(':');
    const altered = [version, iv, tag, `A${data.slice(1)}`].join(':');
    expect(() => SecretBox.fromKey('ab'.repeat(32)).open(altered)).toThrow(/cannot be decrypted/);
    expect(() => SecretBox.fromKey('ab'.repeat(32)).open('plain text')).toThrow(/not in a format/);
  });

  it('takes a key of 32 bytes only, as hex or base64', () => {
    expect(() => SecretBox.fromKey('too short')).toThrow(/must be 32 bytes/);
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(SecretBox.fromKey(base64).open(SecretBox.fromKey(base64).seal('x'))).toBe('x');
  });

  it('makes a key file only its owner can read, once, and keeps using it', () => {
    const dataDir = directory();
    const sealed = SecretBox.inDirectory(dataDir).seal('kept across restarts');
    const file = join(dataDir, KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8');
    expect(SecretBox.inDirectory(dataDir).open(sealed)).toBe('kept across restarts');
    expect(readFileSync(file, 'utf8')).toBe(key);
  });
});
