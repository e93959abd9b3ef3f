/**
 * Missive's two ways of paging.
 *
 * By time (conversations, messages, comments, posts, drafts, tasks): newest
 * first; `until` is the timestamp of the oldest item of the previous page
 * and excludes it. Because it excludes, a page never ends inside a run of
 * equal timestamps: it grows past `limit` to take the whole run, which is
 * why Missive warns that a page may hold more than `limit` items.
 */
export function pageByTime<T extends { id: string }>(
  items: readonly T[],
  time: (item: T) => number,
  { until, limit }: { until: number | undefined; limit: number },
): T[] {
  const sorted = items
    .filter((item) => until === undefined || time(item) < until)
    .sort((a, b) => time(b) - time(a) || a.id.localeCompare(b.id));
  const page = sorted.slice(0, limit);
  const last = page.at(-1);
  if (!last) return page;
  for (const item of sorted.slice(limit)) {
    if (time(item) !== time(last)) break;
    page.push(item);
  }
  return page;
}

/** By offset (contacts, books, groups, labels, users, teams, responses). */
export function pageByOffset<T>(
  items: readonly T[],
  { offset, limit }: { offset?: number | undefined; limit?: number | undefined },
  defaultLimit = 50,
): T[] {
  const start = offset ?? 0;
  return items.slice(start, start + (limit ?? defaultLimit));
}
