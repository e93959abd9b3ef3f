import { useMutation } from '@tanstack/react-query';
import type { ReportRequest } from '@crm/shared/missive/analytics';
import { missiveMutation } from '@/lib/queries';

/**
 * Asks Missive to build a report; it answers at once with the report's id
 * and the figures are read later (see get-report.ts). useReportRun drives
 * creation and polling as one run.
 */
export function useCreateReport() {
  return useMutation(
    missiveMutation('createAnalyticsReport', (request: ReportRequest) => ({
      body: { reports: request },
    })),
  );
}
