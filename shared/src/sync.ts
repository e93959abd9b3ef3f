import { z } from 'zod';

/**
 * `GET /api/sync`: how far the gateway's mirror of Missive is, object by
 * object, so the operations view can show the initial load's progress and
 * anything that keeps failing.
 */

/** What the mirror keeps, in the order the sync loads it. */
export const syncObjects = [
  'organizations',
  'users',
  'teams',
  'shared_labels',
  'contact_books',
  'contact_groups',
  'contacts',
  'conversations',
  'tasks',
  'responses',
] as const;
export type SyncObject = (typeof syncObjects)[number];

/**
 * initial_load: not every part (a contact book, a mailbox) has been read in
 * full yet. live: every part has, and later rounds only fetch what changed.
 * failing: the last attempt at some part failed; `reason` says why.
 */
export const syncStateSchema = z.enum(['initial_load', 'live', 'failing']);
export type SyncState = z.infer<typeof syncStateSchema>;

export const syncObjectReportSchema = z.object({
  object: z.enum(syncObjects),
  /** Records of this kind in the mirror. */
  rows: z.number(),
  state: syncStateSchema,
  /** Why the failing part failed, naming the part (e.g. a contact book's id). */
  reason: z.string().nullable(),
  /** When the least recent part last finished a round (ms epoch); null before every part has. */
  lastSuccessAt: z.number().nullable(),
  /** How far behind Missive the least recent part may be (ms); null before every part has a round. */
  lagMs: z.number().nullable(),
  /** Missive calls the sync has spent on this object, since the mirror was created. */
  calls: z.number(),
  /** Parts (books, mailboxes) read in full at least once, of those known so far. */
  parts: z.object({ done: z.number(), total: z.number() }),
});
export type SyncObjectReport = z.infer<typeof syncObjectReportSchema>;

export const syncReportSchema = z.object({
  /** Whether the background sync is running: in this process, or in the instance that leads it. */
  running: z.boolean(),
  /** Share of the longest rate window the sync allows itself (SYNC_BUDGET_SHARE). */
  budgetShare: z.number(),
  /** Seconds between incremental rounds (SYNC_INTERVAL_S). */
  intervalS: z.number(),
  objects: z.array(syncObjectReportSchema),
});
export type SyncReport = z.infer<typeof syncReportSchema>;
