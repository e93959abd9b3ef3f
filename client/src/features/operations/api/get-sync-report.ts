import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SyncReport } from '@crm/shared/sync';
import { gatewayQuery } from '@/lib/queries';
import { isLoading } from '../utils/sync-progress';

/** While the first load runs its progress moves by the second: refreshed this often. */
export const SYNC_LOADING_REFRESH_MS = 3_000;
/** Once every object is live, a round lands every SYNC_INTERVAL_S at most: a slow refresh will do. */
export const SYNC_SETTLED_REFRESH_MS = 30_000;

/**
 * How often to read the report again, from the last one read. Fast while any
 * object is still loading, whether this gateway's sync or `npm run sync`
 * elsewhere fills the mirror (so `running` is not consulted); slow otherwise,
 * including before the first answer and after an error.
 */
export function syncRefreshInterval(report: SyncReport | undefined): number {
  return report?.objects.some(isLoading) ? SYNC_LOADING_REFRESH_MS : SYNC_SETTLED_REFRESH_MS;
}

/**
 * How far the gateway's mirror of Missive is, object by object. Read from
 * the gateway's store: it costs Missive nothing, so polling it is fine.
 */
export function getSyncReportQueryOptions() {
  return queryOptions({
    ...gatewayQuery('getSyncReport'),
    staleTime: 0,
    refetchInterval: (query) => syncRefreshInterval(query.state.data),
  });
}

export function useSyncReport() {
  return useQuery(getSyncReportQueryOptions());
}
