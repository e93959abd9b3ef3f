import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { liveEventSchema, type LiveEvent } from '@crm/shared/events';
import { useSessionStore } from '@/stores/session';
import { callGateway } from './api-client';
import { invalidateAfterGap, invalidateForEvent } from './queries';

/**
 * Keeps what the app shows fresh from the gateway's server-sent events
 * (`GET /api/events`) instead of polling Missive. EventSource cannot send
 * headers, so the access key is traded for a short-lived session token that
 * travels in the URL; the key itself never does.
 */

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();

/** For views that react to an event beyond refreshing data (e.g. the budget view on `budget.low`). */
export function subscribeLiveEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
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
 * headers); reconnects when the stream drops, and then reads again what the
 * events it missed meanwhile would have refreshed. A session that ended is
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
    let openedBefore = false;

    const connect = () => {
      if (isStopped()) return;
      source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      // Opened again, by EventSource's own retry or by a new source: the
      // events sent while the stream was down (its instance stopped, Redis
      // was down) are lost, so what they could have refreshed is read again.
      source.addEventListener('open', () => {
        if (openedBefore) void invalidateAfterGap(queryClient);
        openedBefore = true;
      });
      for (const type of EVENT_TYPES) {
        source.addEventListener(type, (message: MessageEvent<string>) => {
          const parsed = liveEventSchema.safeParse(JSON.parse(message.data));
          if (!parsed.success) return;
          void invalidateForEvent(queryClient, parsed.data);
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
        callGateway('getMe').then(connect, schedule);
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
