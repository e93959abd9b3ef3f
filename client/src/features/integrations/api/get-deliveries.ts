import { useInfiniteQuery } from '@tanstack/react-query';
import type { DeliveryStatus } from '@crm/shared/integrations';
import { gatewayPages } from '@/lib/queries';

export const DELIVERIES_PAGE_SIZE = 25;

/**
 * Pages of deliveries of every provider, newest first, all of them or those
 * in one state (`dead`: the dead-letter list), with how many are in each
 * state overall. A page's cursor is the id of the last delivery of the
 * previous one (null: the newest).
 */
export function getDeliveriesQueryOptions(status: DeliveryStatus | null) {
  return {
    ...gatewayPages('listDeliveries', {
      page: (before: number | null) => ({
        query: {
          status: status ?? undefined,
          limit: String(DELIVERIES_PAGE_SIZE),
          before: before === null ? undefined : String(before),
        },
      }),
      initialPageParam: null,
      select: (answer) => answer,
      // A short page is the last one; a full one may be followed by older ones.
      getNextPageParam: ({ deliveries }) =>
        deliveries.length < DELIVERIES_PAGE_SIZE ? undefined : (deliveries.at(-1)?.id ?? undefined),
    }),
    // Read from the gateway's store, not Missive: a slow poll is a safety
    // net for when the live event stream is down.
    staleTime: 0,
    refetchInterval: 30_000,
  };
}

export function useDeliveries(status: DeliveryStatus | null) {
  return useInfiniteQuery(getDeliveriesQueryOptions(status));
}
