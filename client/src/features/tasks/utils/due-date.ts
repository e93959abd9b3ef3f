/**
 * Due dates are days to a person and Unix seconds to Missive. A day becomes
 * its last second in the agent's time zone, so a task due today is not
 * shown overdue from midnight on.
 */
export function dateInputToUnix(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  return Math.floor(new Date(year, month - 1, day, 23, 59, 59).getTime() / 1000);
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
