import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Report } from '@crm/shared/missive/analytics';
import { ApiError } from '@/lib/api-client';
import { missiveQuery } from '@/lib/queries';

/**
 * A report by id. Polled on Missive's schedule (utils/poll.ts), which waits
 * and retries by itself: every read is a new one (nothing kept in the cache,
 * no retry of React Query's own). The shared table declares this read a
 * background call, so the gateway already queues it behind the agents' own
 * requests.
 */
export function getReportQueryOptions(id: string) {
  return queryOptions({
    ...missiveQuery('getAnalyticsReport', { params: { id } }),
    select: ({ reports }) => reports,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

/**
 * One read of a report: the report once Missive has finished it, null while
 * it answers its empty 404 (not finished yet, or already expired). Aborting
 * `signal` cancels the read.
 */
export function useReadReport() {
  const queryClient = useQueryClient();
  return useCallback(
    async (id: string, signal?: AbortSignal): Promise<Report | null> => {
      const options = getReportQueryOptions(id);
      const cancel = () => {
        void queryClient.cancelQueries({ queryKey: options.queryKey });
      };
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        return await queryClient.query(options);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },
    [queryClient],
  );
}
