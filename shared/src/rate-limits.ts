import { z } from 'zod';

/**
 * Missive's limits per token, written the way the configuration writes them:
 * `concurrent=5,300/60s,900/900s`. The emulator enforces them and the gateway
 * stays under them, so both read the same notation through this parser.
 */
export interface RateWindow {
  /** Requests allowed in any window of this length. */
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  concurrent: number;
  windows: RateWindow[];
}

export const DEFAULT_RATE_LIMITS = 'concurrent=5,300/60s,900/900s';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseRateLimits(spec: string): RateLimits {
  const parts = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  let concurrent: number | undefined;
  const windows: RateWindow[] = [];
  for (const part of parts) {
    const conc = /^concurrent=(\d+)$/.exec(part);
    if (conc) {
      concurrent = positive(Number(conc[1]), part);
      continue;
    }
    const win = /^(\d+)\/(\d+)(ms|s|m|h)$/.exec(part);
    if (!win) {
      throw new Error(
        `rate limit "${part}" is not understood: write "concurrent=N" or "N/<length><unit>" with unit ms, s, m or h (e.g. "${DEFAULT_RATE_LIMITS}")`,
      );
    }
    const unit = win[3] as keyof typeof UNIT_MS;
    windows.push({
      limit: positive(Number(win[1]), part),
      windowMs: positive(Number(win[2]), part) * UNIT_MS[unit],
    });
  }
  if (concurrent === undefined) {
    throw new Error(
      `rate limits "${spec}" name no "concurrent=N" part (e.g. "${DEFAULT_RATE_LIMITS}")`,
    );
  }
  windows.sort((a, b) => a.windowMs - b.windowMs);
  return { concurrent, windows };
}

function positive(value: number, part: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`rate limit "${part}" needs a whole number above zero`);
  }
  return value;
}

/** The longest window: the one a sustained rate is paced by (900 per 15 minutes for Missive). */
export function longestWindow(limits: RateLimits): RateWindow | undefined {
  return [...limits.windows].sort((a, b) => b.windowMs - a.windowMs)[0];
}

/** A zod field for configuration schemas: the string in, the parsed limits out. */
export const rateLimitsSchema = z.string().transform((spec, ctx) => {
  try {
    return parseRateLimits(spec);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
