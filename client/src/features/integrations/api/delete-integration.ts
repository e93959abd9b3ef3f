import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api-client';
import { getIntegrationsQueryOptions } from './get-integrations';

const deletedResponse = z.object({ ok: z.literal(true) });

/** `DELETE /api/integrations/:provider`: generic providers only; GitHub and Stripe stay listed. */
export async function deleteIntegration(provider: string): Promise<void> {
  await apiFetch(`/api/integrations/${encodeURIComponent(provider)}`, deletedResponse, {
    method: 'DELETE',
  });
}

export function useDeleteIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteIntegration,
    onSuccess: async (_ok, provider) => {
      // Gone from the page at once, whatever the read below answers.
      queryClient.setQueryData(getIntegrationsQueryOptions().queryKey, (list) =>
        list?.filter((item) => item.provider !== provider),
      );
      await queryClient.invalidateQueries({ queryKey: getIntegrationsQueryOptions().queryKey });
    },
  });
}
