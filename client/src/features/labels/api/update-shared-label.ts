import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SharedLabel, sharedLabelUpdateBody } from '@crm/shared/missive/labels';
import { ApiError, callMissive } from '@/lib/api-client';
import { getSharedLabelsQueryOptions } from './get-shared-labels';

/** What may change on an existing label: never its organization. */
export type SharedLabelChanges = z.input<typeof sharedLabelUpdateBody>['shared_labels'][number];

/** Renames, recolours, moves or reshares one label; answers it as Missive now has it. */
export async function updateSharedLabel(changes: SharedLabelChanges): Promise<SharedLabel> {
  const answer = await callMissive('updateSharedLabels', {
    params: { ids: changes.id },
    body: { shared_labels: [changes] },
  });
  const updated = answer.shared_labels[0];
  if (!updated) throw new ApiError(200, 'Missive answered without the changed label');
  return updated;
}

type UpdateLabelConfig = Omit<
  UseMutationOptions<SharedLabel, Error, SharedLabelChanges>,
  'mutationFn'
>;

export function useUpdateSharedLabel({
  organizationId,
  mutationConfig = {},
}: {
  organizationId: string;
  mutationConfig?: UpdateLabelConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: updateSharedLabel,
    onSuccess: (...args) => {
      const { queryKey } = getSharedLabelsQueryOptions(organizationId);
      const [updated] = args;
      queryClient.setQueryData(queryKey, (labels) =>
        labels?.map((label) => (label.id === updated.id ? updated : label)),
      );
      // A rename or a move changes the full path of every label below it too.
      void queryClient.invalidateQueries({ queryKey });
      return onSuccess?.(...args);
    },
  });
}
