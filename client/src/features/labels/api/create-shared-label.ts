import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SharedLabel, sharedLabelCreateBody } from '@crm/shared/missive/labels';
import { ApiError, callMissive } from '@/lib/api-client';
import { getSharedLabelsQueryOptions } from './get-shared-labels';

export type SharedLabelCreateBody = z.input<typeof sharedLabelCreateBody>;

/** Creates one shared label and answers it, with its full path as Missive computed it. */
export async function createSharedLabel(body: SharedLabelCreateBody): Promise<SharedLabel> {
  const answer = await callMissive('createSharedLabels', { body });
  const created = answer.shared_labels[0];
  if (!created) throw new ApiError(200, 'Missive answered without the created label');
  return created;
}

type CreateLabelConfig = Omit<
  UseMutationOptions<SharedLabel, Error, SharedLabelCreateBody>,
  'mutationFn'
>;

export function useCreateSharedLabel({
  organizationId,
  mutationConfig = {},
}: {
  organizationId: string;
  mutationConfig?: CreateLabelConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: createSharedLabel,
    onSuccess: (...args) => {
      const { queryKey } = getSharedLabelsQueryOptions(organizationId);
      // Known at once, so it can be applied and shown before the list is read again.
      queryClient.setQueryData(queryKey, (labels) => (labels ? [...labels, args[0]] : labels));
      void queryClient.invalidateQueries({ queryKey });
      return onSuccess?.(...args);
    },
  });
}
