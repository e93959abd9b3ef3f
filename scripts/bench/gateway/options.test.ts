import { describe, expect, it } from 'vitest';
import { gatewayBenchOptionsFromEnv } from './options';

describe('gatewayBenchOptionsFromEnv', () => {
  it('takes the defaults and whole numbers from the environment', () => {
    const options = gatewayBenchOptionsFromEnv({ BENCH_SECONDS: '15', BENCH_AGENTS: ' ' });
    expect(options).toMatchObject({
      agents: 20,
      seconds: 15,
      latencyMs: 120,
      seed: 1,
      modes: ['gateway', 'naive', 'readModel'],
    });
  });

  it('runs the modes named in BENCH_GATEWAY_MODES, in the bench’s own order', () => {
    expect(gatewayBenchOptionsFromEnv({ BENCH_GATEWAY_MODES: 'readModel, gateway' }).modes).toEqual(
      ['gateway', 'readModel'],
    );
  });

  it('refuses a setting it cannot use, naming it', () => {
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_AGENTS: '0' })).toThrow(/BENCH_AGENTS=0/);
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_SECONDS: '1.5' })).toThrow(/whole number/);
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_SECONDS: '3600' })).toThrow(/1 to 600/);
    expect(() => gatewayBenchOptionsFromEnv({ BENCH_GATEWAY_MODES: 'gateway,fast' })).toThrow(
      /BENCH_GATEWAY_MODES=gateway,fast .* gateway, naive, readModel/,
    );
  });
});
