import { describe, expect, it } from 'vitest';
import { retryAfterToTime } from './retry-after';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const FALLBACK = 5000;

describe('retryAfterToTime', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterToTime('30', NOW, FALLBACK)).toBe(NOW + 30_000);
    expect(retryAfterToTime(' 2 ', NOW, FALLBACK)).toBe(NOW + 2000);
    expect(retryAfterToTime('0', NOW, FALLBACK)).toBe(NOW);
  });

  it('reads an HTTP date in each of the forms RFC 9110 allows', () => {
    const later = NOW + 90_000;
    expect(retryAfterToTime('Mon, 10 Mar 2025 12:01:30 GMT', NOW, FALLBACK)).toBe(later);
    expect(retryAfterToTime('Monday, 10-Mar-25 12:01:30 GMT', NOW, FALLBACK)).toBe(later);
    expect(retryAfterToTime('Mon Mar 10 12:01:30 2025', NOW, FALLBACK)).toBe(later);
  });

  it('treats a date already past as now', () => {
    expect(retryAfterToTime('Sun, 09 Mar 2025 12:00:00 GMT', NOW, FALLBACK)).toBe(NOW);
  });

  it('falls back without a header', () => {
    expect(retryAfterToTime(null, NOW, FALLBACK)).toBe(NOW + FALLBACK);
    expect(retryAfterToTime('', NOW, FALLBACK)).toBe(NOW + FALLBACK);
    expect(retryAfterToTime('   ', NOW, FALLBACK)).toBe(NOW + FALLBACK);
  });

  it.each(['soon', '1.5', '-5', '+5', '5 seconds', 'later, 7', 'garbage 2', '0x10'])(
    'falls back for the unusable header %j',
    (header) => {
      expect(retryAfterToTime(header, NOW, FALLBACK)).toBe(NOW + FALLBACK);
    },
  );
});
