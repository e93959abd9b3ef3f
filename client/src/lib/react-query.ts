import { MutationCache, QueryClient, type DefaultOptions } from '@tanstack/react-query';
import { ApiError } from './api-client';

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

/**
 * Every answer read through the gateway is cached under this prefix, so a
 * change of access key can drop them all at once.
 */
export const missiveQueryKey = ['missive'] as const;

/**
 * Every conversation context (lib/conversation-context.ts) sits under this
 * prefix. The gateway assembles them from its mirror, which every write it
 * passes updates, so after any successful write they are read again, at no
 * cost to Missive's budget, and no feature has to know which context its
 * write touched.
 */
export const contextQueryPrefix = [...missiveQueryKey, 'context'] as const;

export function createQueryClient(defaultOptions: DefaultOptions = queryConfig): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions,
    mutationCache: new MutationCache({
      // Not returned: the mutation would wait for the re-read before its own onSuccess.
      onSuccess: () => {
        void client.invalidateQueries({ queryKey: contextQueryPrefix });
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
