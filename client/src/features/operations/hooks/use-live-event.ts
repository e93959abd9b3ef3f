import { useEffect, useEffectEvent } from 'react';
import type { LiveEvent } from '@crm/shared/events';
import { subscribeLiveEvents } from '@/lib/live-events';

/**
 * Calls `onEvent` for every event the gateway pushes while the component is
 * mounted (the dashboard layout keeps the stream open). For reactions beyond
 * the cache refreshes lib/live-events already does: the budget view's
 * warning on `budget.low`.
 */
export function useLiveEvent(onEvent: (event: LiveEvent) => void): void {
  const handle = useEffectEvent(onEvent);
  useEffect(
    () =>
      subscribeLiveEvents((event) => {
        handle(event);
      }),
    [],
  );
}
