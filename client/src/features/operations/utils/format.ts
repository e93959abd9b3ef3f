/** "14:05:09": when something happened today, to the second (limits move fast). */
export function formatClock(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(new Date(ms));
}

/** "60 s", "15 min", "1 h": a rate window's length. */
export function formatWindow(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** "45 s", "12 min", "3 h", "2 d": how long something took or has been. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/**
 * "12 s ago": a moment relative to `now`. The gateway's clock and the
 * browser's may differ by a little, so a moment just ahead reads "just now".
 */
export function formatAgo(at: number, now: number): string {
  const ms = now - at;
  return ms < 1000 ? 'just now' : `${formatElapsed(ms)} ago`;
}
