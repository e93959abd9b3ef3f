import type { ReportRequest } from '@crm/shared/missive/analytics';
import { callMissive } from '@/lib/api-client';

/**
 * Asks Missive to build a report; it answers at once with the report's id
 * and the figures are read later (see get-report.ts). Not a useMutation of
 * its own: useReportRun drives creation and polling as one run.
 */
export async function createReport(request: ReportRequest, signal?: AbortSignal): Promise<string> {
  const answer = await callMissive('createAnalyticsReport', {
    body: { reports: request },
    ...(signal ? { signal } : {}),
  });
  return answer.reports.id;
}
