import { queryOptions, useQuery } from '@tanstack/react-query';
import { gatewayQuery } from '@/lib/queries';

/**
 * Every inbound provider with its settings (admins only): GitHub and Stripe
 * always, configured or not, then the generic ones admins added. Secrets
 * never come back, only where each comes from.
 */
export function getIntegrationsQueryOptions() {
  return queryOptions({
    ...gatewayQuery('listIntegrations'),
    select: ({ integrations }) => integrations,
  });
}

export function useIntegrations({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getIntegrationsQueryOptions(), enabled });
}
