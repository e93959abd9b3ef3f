/** "3 Mar 2024, 14:05:09": when a delivery arrived or was last tried, to the second. */
export function formatMoment(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(ms),
  );
}
