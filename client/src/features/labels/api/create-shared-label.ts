import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SharedLabel, sharedLabelCreateBody } from '@crm/shared/missive/labels';
import { missiveMutation } from '@/lib/queries';
import { getSharedLabelsQueryOptions } from './get-shared-labels';

/** One label to create, as the create body holds it. */
export type SharedLabelCreateItem = z.input<typeof sharedLabelCreateBody>['shared_labels'][number];

/**
 * Creates one shared label; `onCreated` receives it with its full path as
 * Missive computed it. The organization's labels are read again (the
 * endpoint invalidates them); the new one shows in the tree at once.
 */
export function useCreateSharedLabel({
  organizationId,
  onCreated,
}: {
  organizationId: string;
  onCreated?: (label: SharedLabel) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('createSharedLabels', (label: SharedLabelCreateItem) => ({
      body: { shared_labels: [label] },
    })),
    onSuccess: ({ shared_labels: [created] }) => {
      if (!created) return;
      queryClient.setQueryData(getSharedLabelsQueryOptions(organizationId).queryKey, (labels) =>
        labels ? [...labels, created] : labels,
      );
      onCreated?.(created);
    },
  });
}
