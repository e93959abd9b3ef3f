import { queryOptions, useQuery } from '@tanstack/react-query';
import { integrationListResponse, type Integration } from '@crm/shared/integrations';
import { apiFetch } from '@/lib/api-client';

/**
 * Every inbound provider with its settings (admins only): GitHub and Stripe
 * always, configured or not, then the generic ones admins added. Secrets
 * never come back, only where each comes from.
 */
export async function getIntegrations(signal?: AbortSignal): Promise<Integration[]> {
  const { integrations } = await apiFetch('/api/integrations', integrationListResponse, {
    ...(signal ? { signal } : {}),
  });
  return integrations;
}

export function getIntegrationsQueryOptions() {
  return queryOptions({
    queryKey: ['integrations'],
    queryFn: ({ signal }) => getIntegrations(signal),
  });
}

export function useIntegrations({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getIntegrationsQueryOptions(), enabled });
}
