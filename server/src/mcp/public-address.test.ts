import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolvesPublicly } from './public-address';

describe('what an attachment download may reach in live mode', () => {
  it.each([
    '127.0.0.1',
    '10.2.3.4',
    '172.20.0.1',
    '192.168.1.10',
    '169.254.169.254',
    '100.100.1.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8'])(
    'admits %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it('judges a name by what it resolves to, and refuses one that does not resolve', async () => {
    expect(await resolvesPublicly('localhost')).toBe(false);
    expect(await resolvesPublicly('[::1]')).toBe(false);
    expect(await resolvesPublicly('files.example.invalid')).toBe(false);
    expect(await resolvesPublicly('8.8.8.8')).toBe(true);
  });
});
