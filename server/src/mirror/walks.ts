import { z } from 'zod';

/**
 * Where a walk through one of Missive's lists stands, kept with each stored
 * page so that a restart resumes at the next page instead of starting over.
 * Pure: the sync engine fetches and stores, these decide what to ask next
 * and when a walk is over.
 */

/**
 * A list ordered newest first and paged with `until` (conversations by
 * mailbox, tasks). `until` excludes the timestamp it names, so a page that
 * ends inside a run of equal timestamps grows to take the whole run.
 */
const timeWalkSchema = z.object({
  type: z.literal('time'),
  /** `until` of the next page; null for the first, from the newest. */
  until: z.number().nullable(),
  /** The newest timestamp this walk has seen: where the next walk will stop. */
  top: z.number().nullable(),
  /** Where the previous walk began: anything older is already mirrored. null: read to the end. */
  stopAt: z.number().nullable(),
});
export type TimeWalk = z.infer<typeof timeWalkSchema>;

/**
 * Contacts modified since a point, most recently modified first, paged by
 * offset. Newest first is what makes offsets safe while people edit: an edit
 * moves a contact to the front, so later pages shift by one and repeat a
 * contact rather than skip one; the edited contact is read by the next walk.
 */
const offsetWalkSchema = z.object({
  type: z.literal('offset'),
  /** `modified_since` (s), inclusive; null for a first load, which needs no deleted contacts. */
  since: z.number().nullable(),
  offset: z.number().int().nonnegative(),
  top: z.number().nullable(),
});
export type OffsetWalk = z.infer<typeof offsetWalkSchema>;

export const walkSchema = z.discriminatedUnion('type', [timeWalkSchema, offsetWalkSchema]);
export type Walk = z.infer<typeof walkSchema>;

export type Step<W extends Walk> =
  { done: false; walk: W } | { done: true; checkpoint: number | null };

export function startTimeWalk(checkpoint: number | null): TimeWalk {
  return { type: 'time', until: null, top: null, stopAt: checkpoint };
}

export function startOffsetWalk(checkpoint: number | null): OffsetWalk {
  return { type: 'offset', since: checkpoint, offset: 0, top: null };
}

/** What to do after a page whose items carry `times`, asked for with `limit`. */
export function advanceTimeWalk(
  walk: TimeWalk,
  times: readonly number[],
  limit: number,
): Step<TimeWalk> {
  const top = maxOf(walk.top, times);
  const finished = {
    done: true as const,
    checkpoint: maxOf(walk.stopAt, top === null ? [] : [top]),
  };
  if (times.length < limit) return finished;
  const oldest = Math.min(...times);
  // Missive's reference calls a page of one timestamp the last: were `until`
  // inclusive, asking again would return the same page for ever. Going on
  // only when the page reached below `until` serves either reading.
  if (walk.until !== null && oldest >= walk.until) return finished;
  // Everything from here down to the checkpoint is in this page or before it.
  // Equal to it is not enough: something may have changed in that same second.
  if (walk.stopAt !== null && oldest < walk.stopAt) return finished;
  return { done: false, walk: { ...walk, until: oldest, top } };
}

export function advanceOffsetWalk(
  walk: OffsetWalk,
  times: readonly number[],
  limit: number,
): Step<OffsetWalk> {
  const top = maxOf(walk.top, times);
  if (times.length < limit) {
    return { done: true, checkpoint: maxOf(walk.since, top === null ? [] : [top]) };
  }
  return { done: false, walk: { ...walk, offset: walk.offset + times.length, top } };
}

function maxOf(start: number | null, times: readonly number[]): number | null {
  return times.reduce<number | null>(
    (max, time) => (max === null || time > max ? time : max),
    start,
  );
}
