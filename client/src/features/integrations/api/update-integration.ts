import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IntegrationUpdate } from '@crm/shared/integrations';
import { gatewayMutation } from '@/lib/queries';
import { getIntegrationsQueryOptions } from './get-integrations';

export interface UpdateIntegrationInput {
  provider: string;
  body: IntegrationUpdate;
}

/**
 * A provider's settings, and its secret when one is given (absent keeps the
 * stored one). Putting a new name with `kind: "generic"` creates that provider.
 */
export function useUpdateIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    ...gatewayMutation('updateIntegration', ({ provider, body }: UpdateIntegrationInput) => ({
      params: { provider },
      body,
    })),
    onSuccess: ({ integration: saved }) => {
      // Listed at once, a new generic provider is no longer the page's draft,
      // even if the read that follows fails.
      queryClient.setQueryData(
        getIntegrationsQueryOptions().queryKey,
        (answer) =>
          answer && {
            integrations: answer.integrations.some(({ provider }) => provider === saved.provider)
              ? answer.integrations.map((item) => (item.provider === saved.provider ? saved : item))
              : [...answer.integrations, saved],
          },
      );
    },
  });
}
