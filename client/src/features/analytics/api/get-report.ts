import type { Report } from '@crm/shared/missive/analytics';
import { ApiError, callMissive } from '@/lib/api-client';

/**
 * One read of a report: the report once Missive has finished it, null while
 * it answers its empty 404 (not finished yet, or already expired). Polled on
 * a schedule (utils/poll.ts), never cached: the shared table declares this
 * read a background call, so the gateway already queues it behind the
 * agents' own requests without an X-Priority header.
 */
export async function getReport(id: string, signal?: AbortSignal): Promise<Report | null> {
  try {
    const answer = await callMissive('getAnalyticsReport', {
      params: { id },
      ...(signal ? { signal } : {}),
    });
    return answer.reports;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
