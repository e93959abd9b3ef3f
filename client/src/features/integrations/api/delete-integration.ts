import { useMutation, useQueryClient } from '@tanstack/react-query';
import { gatewayMutation } from '@/lib/queries';
import { getIntegrationsQueryOptions } from './get-integrations';

/** Generic providers only; GitHub and Stripe stay listed. */
export function useDeleteIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    ...gatewayMutation('deleteIntegration', (provider: string) => ({ params: { provider } })),
    onSuccess: (_ok, provider) => {
      // Gone from the page at once, whatever the read that follows answers.
      queryClient.setQueryData(
        getIntegrationsQueryOptions().queryKey,
        (answer) =>
          answer && {
            integrations: answer.integrations.filter((item) => item.provider !== provider),
          },
      );
    },
  });
}
