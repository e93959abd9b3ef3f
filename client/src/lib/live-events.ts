import { useEffect } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { liveEventSchema, type LiveEvent } from '@crm/shared/events';
import { useSessionStore } from '@/stores/session';
import { meResponseSchema } from '@crm/shared/people';
import { apiFetch } from './api-client';
import { integrationDeliveriesQueryPrefix } from './integration-deliveries-query-key';
import { contextQueryPrefix, missiveQueryKey } from './react-query';

/**
 * Keeps what the app shows fresh from the gateway's server-sent events
 * (`GET /api/events`) instead of polling Missive. EventSource cannot send
 * headers, so the access key is traded for a short-lived session token that
 * travels in the URL; the key itself never does.
 */

/** What a change to a conversation can make stale, by the second segment of a query key. */
const CONVERSATION_LISTS = new Set([
  'conversations',
  'tasks',
  'drafts',
  'posts',
  'messages',
  'comments',
]);

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();

/** For views that react to an event beyond refreshing data (e.g. the budget view on `budget.low`). */
export function subscribeLiveEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function resourceOf(query: Query): unknown {
  return query.queryKey[0] === missiveQueryKey[0] ? query.queryKey[1] : undefined;
}

/**
 * Conversation contexts hold a conversation, its people's contacts and their
 * other conversations, so any change may show in any of them; the gateway
 * builds them from its mirror, so reading them all again costs no Missive call.
 */
const isContext = (query: Query) => resourceOf(query) === contextQueryPrefix[1];

export function invalidateFor(queryClient: QueryClient, event: LiveEvent): Promise<void> {
  switch (event.type) {
    case 'conversation.changed':
    case 'label.changed': {
      const conversation = event.conversation;
      return queryClient.invalidateQueries({
        predicate: (query) => {
          const resource = resourceOf(query);
          if (resource === 'conversation')
            return conversation === null || query.queryKey[2] === conversation;
          if (event.type === 'label.changed' && resource === 'shared_labels') return true;
          return (
            isContext(query) || (typeof resource === 'string' && CONVERSATION_LISTS.has(resource))
          );
        },
      });
    }
    case 'contact.changed':
      return queryClient.invalidateQueries({
        predicate: (query) => resourceOf(query) === 'contacts' || isContext(query),
      });
    case 'mirror.changed': {
      const objects = new Set<string>(event.objects);
      return queryClient.invalidateQueries({
        predicate: (query) => {
          const resource = resourceOf(query);
          return (
            isContext(query) ||
            (objects.has('contacts') && resource === 'contacts') ||
            (objects.has('shared_labels') && resource === 'shared_labels')
          );
        },
      });
    }
    case 'integration.delivery':
      // Only Operations' deliveries list shows a delivery's state; its every page and filter.
      return queryClient.invalidateQueries({ queryKey: integrationDeliveriesQueryPrefix() });
    case 'budget.low':
      return Promise.resolve();
  }
}

/**
 * Every event name the shared schema declares: an event added there is
 * listened for without a second list to keep in step (an unlistened one
 * would be dropped silently by EventSource).
 */
const EVENT_TYPES = liveEventSchema.options.map((option) => option.shape.type.value);
const RECONNECT_MS = 5000;

/**
 * Connects while signed in, with the session token (EventSource cannot send
 * headers); reconnects when the stream drops. A session that ended is
 * noticed by the next call, which signs the app out (api-client).
 */
export function useLiveEvents(): void {
  const queryClient = useQueryClient();
  const token = useSessionStore((state) => state.session?.token);
  useEffect(() => {
    if (!token || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const isStopped = () => stopped;

    const connect = () => {
      if (isStopped()) return;
      source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      for (const type of EVENT_TYPES) {
        source.addEventListener(type, (message: MessageEvent<string>) => {
          const parsed = liveEventSchema.safeParse(JSON.parse(message.data));
          if (!parsed.success) return;
          void invalidateFor(queryClient, parsed.data);
          for (const listener of listeners) listener(parsed.data);
        });
      }
      // EventSource retries by itself while the server is up; once closed
      // (the gateway refused the token, or restarted), try again later.
      source.addEventListener('error', () => {
        if (source?.readyState === EventSource.CLOSED) schedule();
      });
    };
    const schedule = () => {
      source?.close();
      if (isStopped()) return;
      retry = setTimeout(() => {
        // Asked first whether the session still holds: an ended one answers
        // 401, which signs the app out (api-client) and ends this effect.
        apiFetch('/api/me', meResponseSchema).then(connect, schedule);
      }, RECONNECT_MS);
    };
    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [token, queryClient]);
}
