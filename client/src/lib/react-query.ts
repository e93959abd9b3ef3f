import { MutationCache, QueryClient, type DefaultOptions } from '@tanstack/react-query';
import { ApiError } from './api-client';
import { invalidateResources } from './queries';

/**
 * Query defaults for the whole app. The gateway already caches, coalesces
 * and rate-limits Missive reads, so the client keeps answers briefly, does
 * not refetch on every focus change (the sidebar iframe gains and loses
 * focus constantly) and retries only what a retry can fix.
 */
export const queryConfig = {
  queries: {
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    retry: (failureCount, error) => failureCount < 2 && isRetryable(error),
  },
  mutations: {
    retry: false,
  },
} satisfies DefaultOptions;

export function createQueryClient(defaultOptions: DefaultOptions = queryConfig): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions,
    mutationCache: new MutationCache({
      // What the write's table entry says it changes (lib/queries.ts puts it
      // in the mutation's meta). Not returned: the mutation would wait for
      // the re-read before its own onSuccess.
      onSuccess: (_data, variables, _context, mutation) => {
        const meta = mutation.meta;
        if (!meta) return;
        void invalidateResources(client, meta.invalidates, {
          conversation: meta.conversation?.(variables) ?? null,
          keepConversationLists: true,
        });
      },
    }),
  });
  return client;
}

// A 4xx other than 429 is an answer, not an accident: repeating it changes nothing.
function isRetryable(error: Error): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 429 || error.status >= 500;
}
