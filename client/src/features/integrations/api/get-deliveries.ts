import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { deliveryListResponse, type DeliveryStatus } from '@crm/shared/integrations';
import { apiFetch } from '@/lib/api-client';
import { integrationDeliveriesQueryPrefix } from '@/lib/integration-deliveries-query-key';

export const DELIVERIES_PAGE_SIZE = 25;

/** The first page has no cursor: the newest deliveries. */
const NEWEST: number | null = null;

/**
 * One page of deliveries of every provider, newest first, all of them or
 * those in one state (`dead`: the dead-letter list), with how many are in
 * each state overall. `before`: the id of the last delivery of the previous
 * page, for the ones older than it.
 */
export function getDeliveries(
  status: DeliveryStatus | null,
  before: number | null,
  signal?: AbortSignal,
) {
  return apiFetch('/api/integrations/deliveries', deliveryListResponse, {
    query: {
      status: status ?? undefined,
      limit: DELIVERIES_PAGE_SIZE,
      before: before ?? undefined,
    },
    ...(signal ? { signal } : {}),
  });
}

export function getDeliveriesQueryOptions(status: DeliveryStatus | null) {
  return infiniteQueryOptions({
    // Under the prefix lib/live-events refreshes on `integration.delivery`.
    queryKey: [...integrationDeliveriesQueryPrefix(), { status }],
    queryFn: ({ pageParam, signal }) => getDeliveries(status, pageParam, signal),
    initialPageParam: NEWEST,
    // A short page is the last one; a full one may be followed by older ones.
    getNextPageParam: ({ deliveries }) =>
      deliveries.length < DELIVERIES_PAGE_SIZE ? undefined : (deliveries.at(-1)?.id ?? undefined),
    // Read from the gateway's store, not Missive: a slow poll is a safety
    // net for when the live event stream is down.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useDeliveries(status: DeliveryStatus | null) {
  return useInfiniteQuery(getDeliveriesQueryOptions(status));
}
