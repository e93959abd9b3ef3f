import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';

/**
 * Missive's paging by time, for the lists that use it (a conversation's
 * messages, comments, posts and drafts; conversations; tasks): newest first,
 * and the next page is asked for with `until` = the timestamp of the oldest
 * item of the previous page. A page may hold more than `limit` items when
 * timestamps tie, and the boundary item may come back again, so pages are
 * flattened with a dedupe by id.
 */

/** The most a per-conversation list hands out per page. */
export const TIME_PAGE_SIZE = 10;

/** Where a page starts: no `until` is the newest page. */
export interface TimeCursor {
  until?: number;
}

const NEWEST: TimeCursor = {};

/** The paging part of a list query, in the string form query values take. */
export function timePageQuery(cursor: TimeCursor, limit = TIME_PAGE_SIZE) {
  return {
    limit: String(limit),
    ...(cursor.until === undefined ? {} : { until: String(cursor.until) }),
  };
}

/**
 * The cursor after `page`, or undefined at the end. A short page is the
 * last. So is a page that does not reach older than the cursor it was asked
 * with: Missive cannot page past a run of equal timestamps, and asking again
 * would loop on the same items.
 */
export function nextTimeCursor<T>(
  page: readonly T[],
  cursor: TimeCursor,
  time: (item: T) => number,
  limit = TIME_PAGE_SIZE,
): TimeCursor | undefined {
  if (page.length < limit) return undefined;
  const oldest = Math.min(...page.map(time));
  if (cursor.until !== undefined && oldest >= cursor.until) return undefined;
  return { until: oldest };
}

/** Every page's items once, in page order. */
export function flattenTimePages<T extends { id: string }>(pages: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const items: T[] = [];
  for (const item of pages.flat()) {
    if (seen.has(item.id)) continue;
    seen.add(item.id);
    items.push(item);
  }
  return items;
}

/** Infinite-query options for one list paged by time. */
export function timePagedQueryOptions<T extends { id: string }, K extends QueryKey>({
  queryKey,
  fetchPage,
  time,
}: {
  queryKey: K;
  fetchPage: (cursor: TimeCursor, signal: AbortSignal) => Promise<T[]>;
  time: (item: T) => number;
}) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: NEWEST,
    getNextPageParam: (lastPage, _pages, lastPageParam) =>
      nextTimeCursor(lastPage, lastPageParam, time),
  });
}
