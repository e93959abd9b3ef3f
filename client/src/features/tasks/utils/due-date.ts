/**
 * Due dates are days to a person and Unix seconds to Missive. A day becomes
 * its last second in the agent's time zone, so a task due today is not
 * shown overdue from midnight on; as the start of a range ("due from"), it
 * becomes its first second, so the whole day is in the range.
 */
export function dateInputToUnix(value: string, edge: 'start' | 'end' = 'end'): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  const date =
    edge === 'end'
      ? new Date(year, month - 1, day, 23, 59, 59)
      : new Date(year, month - 1, day, 0, 0, 0);
  return Math.floor(date.getTime() / 1000);
}

export function formatDueDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

export function isOverdue(unixSeconds: number, now = Date.now()): boolean {
  return unixSeconds * 1000 < now;
}
