/**
 * RFC 9110's date forms: IMF-fixdate, RFC 850 and asctime, each starting with
 * a day name and carrying a time. Checked before Date.parse because V8 reads
 * almost anything with a number in it ("1.5", "-5", "later, 7") as a day in
 * 2001, which would end a pause at once instead of falling back.
 */
const HTTP_DATE = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? .*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * The longest wait a Retry-After is believed for: Missive's longest rate
 * window is 15 minutes, so a later time is a mistake, not a limit.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * When to try again, from a Retry-After header: delay-seconds or an HTTP
 * date (RFC 9110). Without a usable header, `fallbackMs` from now.
 */
export function retryAfterToTime(header: string | null, now: number, fallbackMs: number): number {
  const value = header?.trim();
  if (value && /^\d+$/.test(value)) return now + Number(value) * 1000;
  const date = value && HTTP_DATE.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? now + fallbackMs : Math.max(now, date);
}
