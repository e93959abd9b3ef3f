import { describe, expect, it } from 'vitest';
import { sidebarBenchOptionsFromEnv } from './options';

describe('sidebarBenchOptionsFromEnv', () => {
  it('defaults to 15 conversations, 120 ms latency and Debian’s Chromium', () => {
    expect(sidebarBenchOptionsFromEnv({})).toEqual({
      rounds: 15,
      latencyMs: 120,
      chromiumPath: '/usr/bin/chromium',
    });
  });

  it('reads BENCH_SIDEBAR_ROUNDS, BENCH_LATENCY_MS and CHROMIUM_PATH', () => {
    expect(
      sidebarBenchOptionsFromEnv({
        BENCH_SIDEBAR_ROUNDS: '4',
        BENCH_LATENCY_MS: '0',
        CHROMIUM_PATH: '/opt/chromium',
      }),
    ).toEqual({ rounds: 4, latencyMs: 0, chromiumPath: '/opt/chromium' });
  });

  it('names the variable it cannot read, as the gateway bench does', () => {
    expect(() => sidebarBenchOptionsFromEnv({ BENCH_SIDEBAR_ROUNDS: '0' })).toThrow(
      'BENCH_SIDEBAR_ROUNDS=0 is not understood: give a whole number from 1 to 50',
    );
    expect(() => sidebarBenchOptionsFromEnv({ BENCH_LATENCY_MS: 'fast' })).toThrow(
      'BENCH_LATENCY_MS=fast',
    );
  });
});
