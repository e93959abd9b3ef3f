/**
 * When to try again, from a Retry-After header: delay-seconds or an HTTP
 * date (RFC 9110). Without a usable header, `fallbackMs` from now.
 */
export function retryAfterToTime(header: string | null, now: number, fallbackMs: number): number {
  const value = header?.trim();
  if (value && /^\d+$/.test(value)) return now + Number(value) * 1000;
  const date = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? now + fallbackMs : Math.max(now, date);
}
