import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '../api-client';
import { composedKey } from '../queries';

/** A shared label as a picker offers it (report filters, an integration's labels): by its full path. */
export interface LabelChoice {
  id: string;
  path: string;
}

const PAGE_SIZE = 200;
// A guard against a server that never sends a short page: 2,000 labels is already a huge tree.
const MAX_PAGES = 10;

/** The organization's shared labels, every page of them, in path order. */
export async function getLabelChoices(
  organizationId: string,
  signal?: AbortSignal,
): Promise<LabelChoice[]> {
  const choices: LabelChoice[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const { shared_labels: labels } = await callMissive('listSharedLabels', {
      query: {
        organization: organizationId,
        limit: String(PAGE_SIZE),
        offset: String(page * PAGE_SIZE),
      },
      ...(signal ? { signal } : {}),
    });
    for (const label of labels) choices.push({ id: label.id, path: label.name_with_parent_names });
    if (labels.length < PAGE_SIZE) break;
  }
  return choices.sort((a, b) => a.path.localeCompare(b.path));
}

export function getLabelChoicesQueryOptions(organizationId: string) {
  return queryOptions({
    // Refreshed with the shared labels' reads (a label change); its own shape, its own key.
    queryKey: composedKey(
      'listSharedLabels',
      { query: { organization: organizationId } },
      'choices',
    ),
    queryFn: ({ signal }) => getLabelChoices(organizationId, signal),
    staleTime: 5 * 60_000,
  });
}

/** Nothing is read until an organization is chosen: labels belong to one. */
export function useLabelChoices(organizationId: string | null) {
  return useQuery({
    ...getLabelChoicesQueryOptions(organizationId ?? ''),
    enabled: organizationId !== null,
  });
}
