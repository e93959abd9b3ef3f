import { useMutation } from '@tanstack/react-query';
import { ApiError } from '@/lib/api-client';
import { missiveMutation } from '@/lib/queries';
import { forgetHook } from '../hooks/use-registered-hooks';

const {
  mutationFn: send,
  mutationKey,
  meta,
} = missiveMutation('deleteHook', (id: string) => ({
  params: { id },
}));

/**
 * Removes a webhook rule. Already gone (404: deleted in Missive's settings,
 * or by another browser) counts as removed: what the person wanted is true.
 */
export function useDeleteHook() {
  return useMutation({
    mutationKey,
    meta,
    mutationFn: async (id: string, context): Promise<'deleted' | 'already gone'> => {
      try {
        await send?.(id, context);
        return 'deleted';
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return 'already gone';
        throw error;
      }
    },
    onSuccess: (_outcome, id) => {
      forgetHook(id);
    },
  });
}
