import { z } from 'zod';

/** Per lane, in the order they are served: people, AI agents (automation), background work. */
const lanes = z.object({ interactive: z.number(), automation: z.number(), background: z.number() });

/** `GET /api/limits`: the gateway's live view of the shared Missive budget. */
export const limitsReportSchema = z.object({
  budget: z.object({
    concurrent: z.number(),
    inFlight: z.number(),
    pausedUntil: z.number(),
    pacing: z
      .object({ tokens: z.number(), capacity: z.number(), perSecond: z.number() })
      .nullable(),
    /** The caps of the capped lanes: AGENT_BUDGET_SHARE and GATEWAY_BACKGROUND_SHARE. */
    shares: z.object({ automation: z.number(), background: z.number() }),
    windows: z.array(
      z.object({
        limit: z.number(),
        allowed: z.number(),
        windowMs: z.number(),
        used: z.number(),
        usedByBackground: z.number(),
        usedByAutomation: z.number(),
        freesAt: z.number().nullable(),
      }),
    ),
  }),
  queues: z.object({ queued: lanes, started: lanes, shed: z.number() }),
  upstream: z.object({
    rateLimited: z.number(),
    coalesced: z.number(),
    upstreamCalls: z.number(),
    /** The same calls by lane: people's (interactive), AI agents' (automation), the sync's (background). */
    upstreamCallsByLane: lanes,
    retried: z.number(),
  }),
  cache: z.object({
    hits: z.number(),
    misses: z.number(),
    hitRate: z.number(),
    entries: z.number(),
  }),
});
export type LimitsReport = z.infer<typeof limitsReportSchema>;
