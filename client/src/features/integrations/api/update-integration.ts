import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  integrationResponse,
  type Integration,
  type IntegrationUpdate,
} from '@crm/shared/integrations';
import { apiFetch } from '@/lib/api-client';
import { getIntegrationsQueryOptions } from './get-integrations';

export interface UpdateIntegrationInput {
  provider: string;
  body: IntegrationUpdate;
}

/**
 * `PUT /api/integrations/:provider`: a provider's settings, and its secret
 * when one is given (absent keeps the stored one). Putting a new name with
 * `kind: "generic"` creates that provider.
 */
export async function updateIntegration({
  provider,
  body,
}: UpdateIntegrationInput): Promise<Integration> {
  const { integration } = await apiFetch(
    `/api/integrations/${encodeURIComponent(provider)}`,
    integrationResponse,
    { method: 'PUT', body },
  );
  return integration;
}

export function useUpdateIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateIntegration,
    onSuccess: async (saved) => {
      // Listed at once, a new generic provider is no longer the page's draft,
      // even if the read below fails.
      queryClient.setQueryData(getIntegrationsQueryOptions().queryKey, (list) =>
        list?.some(({ provider }) => provider === saved.provider)
          ? list.map((item) => (item.provider === saved.provider ? saved : item))
          : list && [...list, saved],
      );
      await queryClient.invalidateQueries({ queryKey: getIntegrationsQueryOptions().queryKey });
    },
  });
}
