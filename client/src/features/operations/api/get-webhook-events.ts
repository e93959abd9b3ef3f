import { queryOptions, useQuery } from '@tanstack/react-query';
import { webhookEventListResponse } from '@crm/shared/webhook-events';
import { apiFetch } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

export const WEBHOOK_EVENTS_PAGE_SIZE = 25;

/** Every page of received webhook events lives under this key. */
export function getWebhookEventsQueryKey() {
  return [...missiveQueryKey, 'webhook-events'] as const;
}

/** One page of the webhook deliveries the gateway kept, newest first. */
export async function getWebhookEvents(before: number | null, signal?: AbortSignal) {
  const { events } = await apiFetch('/api/webhook-events', webhookEventListResponse, {
    query: { limit: WEBHOOK_EVENTS_PAGE_SIZE, before: before ?? undefined },
    ...(signal ? { signal } : {}),
  });
  return events;
}

export function getWebhookEventsQueryOptions(before: number | null) {
  return queryOptions({
    queryKey: [...getWebhookEventsQueryKey(), { before }],
    queryFn: ({ signal }) => getWebhookEvents(before, signal),
    // Read from the gateway's store, not Missive: a slow poll is a safety
    // net for when the live event stream is down.
    staleTime: 0,
    refetchInterval: 30_000,
  });
}

export function useWebhookEvents(before: number | null) {
  return useQuery(getWebhookEventsQueryOptions(before));
}
