import { z } from 'zod';

/**
 * `GET /api/health`, answered without authentication. Loose so that a client
 * keeps working against a newer gateway that reports more.
 */
export const healthSchema = z.looseObject({
  status: z.literal('ok'),
  mode: z.enum(['demo', 'live']),
  version: z.string(),
  upstream: z.looseObject({
    reachable: z.boolean(),
    /**
     * The gateway's circuit to Missive: `open` while it refuses calls at once
     * because Missive gave no answer, `half_open` while one call probes.
     */
    circuit: z.enum(['closed', 'open', 'half_open']).optional(),
    /** Since when Missive has given no answer (ISO 8601), during an outage. */
    unreachable_since: z.string().nullable().optional(),
    /** When the gateway next tries Missive (ISO 8601), while the circuit is open. */
    retry_at: z.string().nullable().optional(),
  }),
});
export type Health = z.infer<typeof healthSchema>;
