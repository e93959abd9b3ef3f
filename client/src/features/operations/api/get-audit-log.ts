import { queryOptions, useQuery } from '@tanstack/react-query';
import { gatewayQuery } from '@/lib/queries';

export const AUDIT_PAGE_SIZE = 25;

/**
 * One page of the gateway's log of writes, newest first; `before` is the
 * last id of the page before, `agent` keeps one person's writes.
 */
export function getAuditLogQueryOptions(before: number | null, agent: string | null) {
  return queryOptions({
    ...gatewayQuery('listAudit', {
      query: {
        limit: String(AUDIT_PAGE_SIZE),
        before: before === null ? undefined : String(before),
        agent: agent ?? undefined,
      },
    }),
    select: ({ entries }) => entries,
    // The gateway's own log, read from its store: no Missive budget spent.
    staleTime: 0,
  });
}

export function useAuditLog(before: number | null, agent: string | null) {
  return useQuery(getAuditLogQueryOptions(before, agent));
}
