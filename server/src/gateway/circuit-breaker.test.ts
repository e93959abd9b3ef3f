import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import { MissiveUnreachable } from './missive-client';

function breakerAt(start = 1_000_000) {
  let now = start;
  const breaker = new CircuitBreaker({
    threshold: 3,
    firstRetryMs: 1000,
    maxRetryMs: 4000,
    clock: () => now,
  });
  return {
    breaker,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** One call through the breaker that Missive answers (true) or not (false). */
function attempt(breaker: CircuitBreaker, answered: boolean): 'sent' | 'refused' {
  try {
    breaker.begin();
  } catch (error) {
    expect(error).toBeInstanceOf(MissiveUnreachable);
    return 'refused';
  }
  breaker.end(answered);
  return 'sent';
}

describe('CircuitBreaker', () => {
  it('opens after three calls in a row get no answer, and refuses at once with a Retry-After', () => {
    const { breaker } = breakerAt();
    expect([false, false, false].map((answered) => attempt(breaker, answered))).toEqual([
      'sent',
      'sent',
      'sent',
    ]);
    expect(breaker.report().state).toBe('open');
    let refusal: unknown;
    try {
      breaker.refuseIfOpen();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(MissiveUnreachable);
    expect(refusal).toMatchObject({
      status: 502,
      code: 'upstream_unreachable',
      headers: { 'Retry-After': '1' },
    });
    expect((refusal as Error).message).toMatch(/Missive is unreachable .* nothing was sent/);
  });

  it('does not open on failures separated by answers', () => {
    const { breaker } = breakerAt();
    for (const answered of [false, false, true, false, false, true]) attempt(breaker, answered);
    expect(breaker.report()).toMatchObject({
      state: 'closed',
      failingSince: null,
      retryAt: null,
      lastCall: { answered: true },
    });
  });

  it('lets one probe through once the wait is over; its answer closes the circuit', () => {
    const { breaker, advance } = breakerAt();
    for (let i = 0; i < 3; i++) attempt(breaker, false);
    advance(999);
    expect(attempt(breaker, true)).toBe('refused');
    advance(1);
    expect(breaker.report().state).toBe('half_open');
    breaker.begin();
    // While the probe is out, everyone else is refused.
    expect(attempt(breaker, true)).toBe('refused');
    breaker.end(true);
    expect(breaker.report().state).toBe('closed');
    expect(attempt(breaker, true)).toBe('sent');
  });

  it('waits twice as long after each failed probe, at most the maximum', () => {
    const { breaker, advance } = breakerAt();
    for (let i = 0; i < 3; i++) attempt(breaker, false);
    const waits: number[] = [];
    for (let probe = 0; probe < 4; probe++) {
      let waited = 0;
      while (attempt(breaker, false) === 'refused') {
        advance(100);
        waited += 100;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1000, 2000, 4000, 4000]);
  });
});
