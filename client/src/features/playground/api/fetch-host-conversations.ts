import { useEffect } from 'react';
import { queryOptions, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { gatewayQuery } from '@/lib/queries';

/**
 * How long what the window read as a conversation was selected answers the
 * sidebar's `fetchConversations`: long enough for the sidebar's first ask
 * right after the selection, short enough that a later ask (after a label
 * change, say) reads again, as Missive's always-current window would answer.
 */
const SELECTED_FRESH_MS = 2_000;

/**
 * Missive's `fetchConversations`, played by the demo: the gateway reads the
 * emulator the way Missive's own window reads Missive, outside the API
 * token's budget. The items are handed on as they came: the sidebar checks
 * them itself, as it does Missive's.
 */
function hostConversationQuery(id: string) {
  return queryOptions({
    ...gatewayQuery('fetchWindowConversations', { body: { ids: [id] } }),
    select: ({ conversations }): unknown[] => conversations,
    staleTime: SELECTED_FRESH_MS,
    // Missive answers with what it knows at once; a failed read knows nothing.
    retry: false,
  });
}

/** The sidebar's `fetchConversations`: each id once, joined to what the window is reading. */
export function fetchHostConversations(
  queryClient: QueryClient,
  ids: readonly string[],
): Promise<unknown[]> {
  return Promise.all(ids.map((id) => queryClient.query(hostConversationQuery(id)))).then(
    (answers) => answers.flat(),
  );
}

/**
 * Missive's window has a conversation loaded as soon as it is selected, so
 * its `fetchConversations` answers from memory. The playground reads it over
 * HTTP, so it starts as the selection changes, and the sidebar's ask, a
 * moment later, joins that read instead of starting its own.
 */
export function usePrefetchSelected(ids: readonly string[]): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    for (const id of ids) queryClient.query(hostConversationQuery(id)).catch(() => undefined);
  }, [queryClient, ids]);
}
