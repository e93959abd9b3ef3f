import { queryOptions, useQuery } from '@tanstack/react-query';
import { deliveryListResponse, type DeliveryStatus } from '@crm/shared/integrations';
import { apiFetch } from '../../../lib/api-client';
import { integrationDeliveriesQueryPrefix } from '../../../lib/integration-deliveries-query-key';

export const DELIVERIES_PAGE_SIZE = 25;

/**
 * The latest deliveries of every provider, newest first, all of them or
 * those in one state (`dead`: the dead-letter list), with how many are in
 * each state overall.
 */
export function getDeliveries(status: DeliveryStatus | null, signal?: AbortSignal) {
  return apiFetch('/api/integrations/deliveries', deliveryListResponse, {
    query: { status: status ?? undefined, limit: DELIVERIES_PAGE_SIZE },
    ...(signal ? { signal } : {}),
  });
}

export function getDeliveriesQueryOptions(status: DeliveryStatus | null) {
  return queryOptions({
    // Under the prefix lib/live-events refreshes on `integration.delivery`.
    queryKey: [...integrationDeliveriesQueryPrefix(), { status }],
    queryFn: ({ signal }) => getDeliveries(status, signal),
    // Read from the gateway's store, not Missive: a slow poll is a safety
    // net for when the live event stream is down.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useDeliveries(status: DeliveryStatus | null) {
  return useQuery(getDeliveriesQueryOptions(status));
}
