import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SharedLabel, sharedLabelUpdateBody } from '@crm/shared/missive/labels';
import { missiveMutation } from '@/lib/queries';
import { getSharedLabelsQueryOptions } from './get-shared-labels';

/** What may change on an existing label: never its organization. */
export type SharedLabelChanges = z.input<typeof sharedLabelUpdateBody>['shared_labels'][number];

/**
 * Renames, recolours, moves or reshares one label; `onUpdated` receives it
 * as Missive now has it. It shows in the tree at once; the organization's
 * labels are read again (the endpoint invalidates them), since a rename or
 * a move changes the full path of every label below it too.
 */
export function useUpdateSharedLabel({
  organizationId,
  onUpdated,
}: {
  organizationId: string;
  onUpdated?: (label: SharedLabel) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('updateSharedLabels', (changes: SharedLabelChanges) => ({
      params: { ids: changes.id },
      body: { shared_labels: [changes] },
    })),
    onSuccess: ({ shared_labels: [updated] }) => {
      if (!updated) return;
      queryClient.setQueryData(getSharedLabelsQueryOptions(organizationId).queryKey, (labels) =>
        labels?.map((label) => (label.id === updated.id ? updated : label)),
      );
      onUpdated?.(updated);
    },
  });
}
