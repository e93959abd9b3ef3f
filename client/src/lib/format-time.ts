/** "3 Mar 2024, 14:05:09": a logged moment (a write, a webhook, a delivery), to the second. */
export function formatMoment(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(ms),
  );
}
