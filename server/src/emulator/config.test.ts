import { describe, expect, it } from 'vitest';
import { readEmulatorEnv } from './config';

describe('readEmulatorEnv', () => {
  it('keeps the organisation quiet and everyday by default', () => {
    expect(readEmulatorEnv({})).toMatchObject({ EMULATOR_ACTIVITY: null, EMULATOR_SCALE: 1 });
  });

  it.each([
    ['off', null],
    ['OFF', null],
    ['10s', 10_000],
    ['500ms', 500],
    ['2m', 120_000],
    ['1', 1000],
    ['1.5', 1500],
  ])('reads EMULATOR_ACTIVITY=%s as a pause of %s ms', (value, intervalMs) => {
    expect(readEmulatorEnv({ EMULATOR_ACTIVITY: value }).EMULATOR_ACTIVITY).toBe(intervalMs);
  });

  it.each(['fast', '5ms', '0', '2h', '-1s'])(
    'refuses EMULATOR_ACTIVITY=%s, saying why',
    (value) => {
      expect(() => readEmulatorEnv({ EMULATOR_ACTIVITY: value })).toThrow(
        `EMULATOR_ACTIVITY: must be "off" or the pause between two changes, from 10ms to 60m, such as "10s", "500ms" or "2m" (a bare number is seconds); got "${value}"`,
      );
    },
  );

  it('reads EMULATOR_SCALE and refuses what cannot be seeded', () => {
    expect(readEmulatorEnv({ EMULATOR_SCALE: '100' }).EMULATOR_SCALE).toBe(100);
    expect(() => readEmulatorEnv({ EMULATOR_SCALE: '0' })).toThrow(
      'EMULATOR_SCALE: must be at least 1',
    );
    expect(() => readEmulatorEnv({ EMULATOR_SCALE: '2.5' })).toThrow(
      'EMULATOR_SCALE: must be a whole number',
    );
    expect(() => readEmulatorEnv({ EMULATOR_SCALE: '5000' })).toThrow('must be at most 200');
  });
});
