import { queryOptions, useQuery } from '@tanstack/react-query';
import { auditListResponse } from '@crm/shared/audit';
import { apiFetch } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

export const AUDIT_PAGE_SIZE = 25;

/** Every page of the audit log lives under this key, so an undo can refresh them all. */
export function getAuditLogQueryKey() {
  return [...missiveQueryKey, 'audit'] as const;
}

/**
 * One page of the gateway's log of writes, newest first; `before` is the
 * last id of the page before, `agent` keeps one person's writes.
 */
export async function getAuditLog(
  before: number | null,
  agent: string | null,
  signal?: AbortSignal,
) {
  const { entries } = await apiFetch('/api/audit', auditListResponse, {
    query: { limit: AUDIT_PAGE_SIZE, before: before ?? undefined, agent: agent ?? undefined },
    ...(signal ? { signal } : {}),
  });
  return entries;
}

export function getAuditLogQueryOptions(before: number | null, agent: string | null) {
  return queryOptions({
    queryKey: [...getAuditLogQueryKey(), { before, agent }],
    queryFn: ({ signal }) => getAuditLog(before, agent, signal),
    // The gateway's own log, read from its store: no Missive budget spent.
    staleTime: 0,
  });
}

export function useAuditLog(before: number | null, agent: string | null) {
  return useQuery(getAuditLogQueryOptions(before, agent));
}
