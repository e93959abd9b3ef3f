import { describe, expect, it } from 'vitest';
import { longestWindow, parseRateLimits } from './rate-limits';

describe('parseRateLimits', () => {
  it("reads Missive's default limits", () => {
    expect(parseRateLimits('concurrent=5,300/60s,900/900s')).toEqual({
      concurrent: 5,
      windows: [
        { limit: 300, windowMs: 60_000 },
        { limit: 900, windowMs: 900_000 },
      ],
    });
  });

  it('accepts every unit and sorts windows shortest first', () => {
    expect(parseRateLimits(' 10/1h , concurrent=2, 3/500ms,4/2m ').windows).toEqual([
      { limit: 3, windowMs: 500 },
      { limit: 4, windowMs: 120_000 },
      { limit: 10, windowMs: 3_600_000 },
    ]);
  });

  it('names the part it does not understand', () => {
    expect(() => parseRateLimits('concurrent=5,300 per minute')).toThrow(
      /"300 per minute" is not understood/,
    );
  });

  it('requires a concurrency limit', () => {
    expect(() => parseRateLimits('300/60s')).toThrow(/concurrent=N/);
  });

  it('refuses zero', () => {
    expect(() => parseRateLimits('concurrent=0,300/60s')).toThrow(/above zero/);
  });
});

describe('longestWindow', () => {
  it('finds the longest window whatever the order written, and none without windows', () => {
    expect(longestWindow(parseRateLimits('concurrent=5,900/900s,300/60s'))).toEqual({
      limit: 900,
      windowMs: 900_000,
    });
    expect(longestWindow({ concurrent: 5, windows: [] })).toBeUndefined();
  });
});
