import { describe, expect, it } from 'vitest';
import { originFromServerOutput } from './bench-server';

describe('originFromServerOutput', () => {
  it('finds the address in the dashboard line the server prints', () => {
    const output = [
      'Missive CRM 0.1.0 — demo mode (Missive emulator, no token configured)',
      '  dashboard:  http://127.0.0.1:34819/#key=bench-key',
      '  sidebar:    http://127.0.0.1:34819/sidebar#key=bench-key',
    ].join('\n');
    expect(originFromServerOutput(output)).toBe('http://127.0.0.1:34819');
    expect(originFromServerOutput('Missive CRM 0.1.0 — demo mode')).toBeNull();
  });
});
