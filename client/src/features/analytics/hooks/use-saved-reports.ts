import { z } from 'zod';
import { reportCreateBody, reportSchema } from '@crm/shared/missive/analytics';
import { createLocalList, useLocalList } from '@/lib/local-list';

/**
 * Finished reports, kept in this browser: Missive forgets a report 60 s
 * after completing it, and building one costs the team's shared rate budget,
 * so a report once read stays readable (after a reload too) until a newer
 * one replaces it. Keyed by the request (see requestKey), newest first.
 */

const MAX_SAVED = 10;

const savedReportSchema = z.object({
  key: z.string(),
  /** The page's search params that ask for this report: a link back to it. */
  search: z.string(),
  request: reportCreateBody.shape.reports,
  report: reportSchema,
  savedAt: z.number(),
});
export type SavedReport = z.infer<typeof savedReportSchema>;

const savedReports = createLocalList('crm.analytics.reports', savedReportSchema);

export function useSavedReports(): readonly SavedReport[] {
  return useLocalList(savedReports);
}

/**
 * Keeps a report in front of the others (replacing an older one for the same
 * request). False when the browser would not store it even alone: it is then
 * shown until the page is left.
 */
export function keepReport(entry: SavedReport): boolean {
  const next = [entry, ...savedReports.read().filter((saved) => saved.key !== entry.key)].slice(
    0,
    MAX_SAVED,
  );
  // Full storage: let the oldest reports go, down to the new one alone.
  for (let count = next.length; count > 0; count--) {
    if (savedReports.write(next.slice(0, count))) return true;
  }
  savedReports.write(next);
  return false;
}

export function forgetReport(key: string): void {
  savedReports.write(savedReports.read().filter((saved) => saved.key !== key));
}
