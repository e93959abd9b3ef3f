import { z } from 'zod';

/**
 * `GET /api/health`, answered without authentication. Loose so that a client
 * keeps working against a newer gateway that reports more.
 */
export const healthSchema = z.looseObject({
  status: z.literal('ok'),
  mode: z.enum(['demo', 'live']),
  version: z.string(),
  upstream: z.looseObject({ reachable: z.boolean() }),
});
export type Health = z.infer<typeof healthSchema>;
