import { describe, expect, it } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { HttpError } from '../http/http-error';
import { RateLimitEnforcer } from './rate-limit';

function refusal(run: () => void): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('RateLimitEnforcer', () => {
  it('refuses past the concurrency limit until a request ends', () => {
    const enforcer = new RateLimitEnforcer(parseRateLimits('concurrent=2,100/60s'), () => 0);
    enforcer.admit();
    enforcer.admit();
    expect(
      refusal(() => {
        enforcer.admit();
      }).status,
    ).toBe(429);
    enforcer.release();
    expect(() => {
      enforcer.admit();
    }).not.toThrow();
    // Two at once, never more: what a test of several gateways checks against the limit.
    expect(enforcer.snapshot()).toMatchObject({ inFlight: 2, peakInFlight: 2, rejected: 1 });
  });

  it('slides each window and says when to come back', () => {
    let now = 10_000;
    const enforcer = new RateLimitEnforcer(parseRateLimits('concurrent=50,3/1s,5/10s'), () => now);
    for (let i = 0; i < 3; i++) {
      enforcer.admit();
      enforcer.release();
    }
    const short = refusal(() => {
      enforcer.admit();
    });
    expect(short.headers).toMatchObject({
      'Retry-After': '1',
      'X-RateLimit-Limit': '3',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': '11',
    });

    now += 1000; // the short window has slid past the first three
    enforcer.admit();
    enforcer.release();
    enforcer.admit();
    enforcer.release();
    const long = refusal(() => {
      enforcer.admit();
    });
    expect(long.headers['X-RateLimit-Limit']).toBe('5');
    expect(long.headers['Retry-After']).toBe('9');
    expect(enforcer.snapshot().rejected).toBe(2);
  });

  it('does not count refused requests against the window', () => {
    let now = 0;
    const enforcer = new RateLimitEnforcer(parseRateLimits('concurrent=1,2/1s'), () => now);
    enforcer.admit();
    refusal(() => {
      enforcer.admit();
    }); // refused for concurrency
    enforcer.release();
    enforcer.admit();
    enforcer.release();
    now += 1000;
    expect(enforcer.snapshot().windows[0]?.used).toBe(0);
  });
});
