import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SharedLabel } from '@crm/shared/missive/labels';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

const PAGE_SIZE = 200;
// A guard, not a limit anyone should reach: 2,000 labels is a very large tree.
const MAX_PAGES = 10;

/** Every shared label of an organization: Missive pages them by offset, 200 at a time. */
export async function getSharedLabels(
  organizationId: string,
  signal?: AbortSignal,
): Promise<SharedLabel[]> {
  const labels: SharedLabel[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await callMissive('listSharedLabels', {
      query: {
        organization: organizationId,
        limit: String(PAGE_SIZE),
        offset: String(labels.length),
      },
      ...(signal ? { signal } : {}),
    });
    labels.push(...answer.shared_labels);
    if (answer.shared_labels.length < PAGE_SIZE) break;
  }
  return labels;
}

export function getSharedLabelsQueryOptions(organizationId: string) {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'shared_labels', { organization: organizationId }],
    queryFn: ({ signal }) => getSharedLabels(organizationId, signal),
    // The tree changes rarely, and every change made here or reported by a
    // webhook (label.changed) drops it: switching conversations need not ask again.
    staleTime: 5 * 60_000,
  });
}

export function useSharedLabels(organizationId: string) {
  return useQuery(getSharedLabelsQueryOptions(organizationId));
}
