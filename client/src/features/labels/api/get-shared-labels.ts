import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SharedLabel } from '@crm/shared/missive/labels';
import { callMissive } from '@/lib/api-client';
import { composedKey } from '@/lib/queries';

const PAGE_SIZE = 200;
// A guard, not a limit anyone should reach: 2,000 labels is a very large tree.
const MAX_PAGES = 10;

/** Every shared label of an organization: Missive pages them by offset, 200 at a time. */
async function readEverySharedLabel(
  organizationId: string,
  signal: AbortSignal,
): Promise<SharedLabel[]> {
  const labels: SharedLabel[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await callMissive('listSharedLabels', {
      query: {
        organization: organizationId,
        limit: String(PAGE_SIZE),
        offset: String(labels.length),
      },
      signal,
    });
    labels.push(...answer.shared_labels);
    if (answer.shared_labels.length < PAGE_SIZE) break;
  }
  return labels;
}

export function getSharedLabelsQueryOptions(organizationId: string) {
  return queryOptions({
    // Every page, as Missive answers them: the tree's own view of the shared labels.
    queryKey: composedKey('listSharedLabels', { query: { organization: organizationId } }, 'tree'),
    queryFn: ({ signal }) => readEverySharedLabel(organizationId, signal),
    // The tree changes rarely, and every change made here or reported by a
    // webhook (label.changed) drops it: switching conversations need not ask again.
    staleTime: 5 * 60_000,
  });
}

export function useSharedLabels(organizationId: string) {
  return useQuery(getSharedLabelsQueryOptions(organizationId));
}
