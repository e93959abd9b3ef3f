import { describe, expect, it } from 'vitest';
import { integrationsBenchOptionsFromEnv } from './options';

describe('integrationsBenchOptionsFromEnv', () => {
  it('takes 20 sidebars, 4 deliveries in flight, 20 a second paced, and the run settings the other benches read', () => {
    expect(integrationsBenchOptionsFromEnv({})).toMatchObject({
      sidebars: 20,
      seconds: 60,
      latencyMs: 120,
      seed: 1,
      concurrency: 4,
      rate: 20,
    });
    expect(
      integrationsBenchOptionsFromEnv({
        BENCH_SECONDS: '30',
        BENCH_FIREHOSE_CONCURRENCY: '8',
        BENCH_FIREHOSE_RATE: '50',
      }),
    ).toMatchObject({ seconds: 30, concurrency: 8, rate: 50 });
  });

  it('refuses a concurrency or a rate it cannot use, naming it', () => {
    expect(() => integrationsBenchOptionsFromEnv({ BENCH_FIREHOSE_CONCURRENCY: '0' })).toThrow(
      /BENCH_FIREHOSE_CONCURRENCY=0 .* 1 to 64/,
    );
    expect(() => integrationsBenchOptionsFromEnv({ BENCH_FIREHOSE_RATE: '2.5' })).toThrow(
      /BENCH_FIREHOSE_RATE=2\.5 .* 1 to 10000/,
    );
  });
});
