/** "14:05:09": when something happened today, to the second (limits move fast). */
export function formatClock(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(new Date(ms));
}

/** "3 Mar 2024, 14:05:09": a logged moment. */
export function formatMoment(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(ms),
  );
}

/** "60 s", "15 min", "1 h": a rate window's length. */
export function formatWindow(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
