import { queryOptions, useQuery } from '@tanstack/react-query';
import { gatewayQuery } from '@/lib/queries';

export const WEBHOOK_EVENTS_PAGE_SIZE = 25;

/** One page of the webhook deliveries the gateway kept, newest first. */
export function getWebhookEventsQueryOptions(before: number | null) {
  return queryOptions({
    ...gatewayQuery('listWebhookEvents', {
      query: {
        limit: String(WEBHOOK_EVENTS_PAGE_SIZE),
        before: before === null ? undefined : String(before),
      },
    }),
    select: ({ events }) => events,
    // Read from the gateway's store, not Missive: a slow poll is a safety
    // net for when the live event stream is down.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useWebhookEvents(before: number | null) {
  return useQuery(getWebhookEventsQueryOptions(before));
}
