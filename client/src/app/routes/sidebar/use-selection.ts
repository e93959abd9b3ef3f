import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { MissiveHost } from '@/host/host';
import { getConversationContextQueryOptions } from '@/lib/conversation-context';

/**
 * The selected conversation ids, as the host reports them (at once, then on
 * every change). Views key their queries by conversation id, so an answer
 * that arrives after the agent has moved on lands in its own cache entry
 * and is never shown for the wrong conversation.
 *
 * A single selection's context is asked for as the selection arrives, not
 * once the render it causes has mounted the views that read it: that first
 * render of a conversation's sidebar takes tens of milliseconds, which the
 * agent would otherwise wait on top of the answer. The views' own query
 * joins this one.
 */
export function useSelection(host: MissiveHost): string[] | undefined {
  const queryClient = useQueryClient();
  const [ids, setIds] = useState<string[] | undefined>(undefined);
  useEffect(
    () =>
      host.onSelection((next) => {
        const [only] = next;
        if (only !== undefined && next.length === 1) {
          // A failure shows in the views, whose query reads it again.
          queryClient.query(getConversationContextQueryOptions(only, host)).catch(() => undefined);
        }
        setIds((previous) => (previous && sameIds(previous, next) ? previous : [...next]));
      }),
    [host, queryClient],
  );
  return ids;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}
