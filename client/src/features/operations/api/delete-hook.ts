import { useMutation } from '@tanstack/react-query';
import { ApiError, callMissive } from '@/lib/api-client';
import { forgetHook } from '../hooks/use-registered-hooks';

/**
 * Removes a webhook rule. Already gone (404: deleted in Missive's settings,
 * or by another browser) counts as removed: what the person wanted is true.
 */
export async function deleteHook(id: string): Promise<'deleted' | 'already gone'> {
  try {
    await callMissive('deleteHook', { params: { id } });
    return 'deleted';
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'already gone';
    throw error;
  }
}

export function useDeleteHook() {
  return useMutation({
    mutationFn: deleteHook,
    onSuccess: (_outcome, id) => {
      forgetHook(id);
    },
  });
}
