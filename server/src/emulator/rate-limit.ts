import type { RequestHandler } from 'express';
import type { RateLimits } from '@crm/shared/rate-limits';
import { HttpError } from '../http/http-error';

/**
 * Enforces Missive's limits the way Missive does: a request over the
 * concurrency limit or over any sliding window is refused with 429 and the
 * headers that say when to come back. Refused requests do not count.
 */
export class RateLimitEnforcer {
  private readonly limits: RateLimits;
  private readonly clock: () => number;
  /** Start times (ms) of admitted requests within the longest window, oldest first. */
  private readonly admitted: number[] = [];
  private inFlight = 0;
  /** The most requests under way at once since start: what several gateways together must keep within the limit. */
  private peakInFlight = 0;
  rejected = 0;

  constructor(limits: RateLimits, clock: () => number = Date.now) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Admits a request or throws the 429 Missive would answer. Call `release` when it ends. */
  admit(): void {
    const now = this.clock();
    const longest = this.limits.windows.at(-1)?.windowMs ?? 0;
    while (this.admitted.length && (this.admitted[0] ?? now) <= now - longest)
      this.admitted.shift();

    if (this.inFlight >= this.limits.concurrent) {
      this.rejected += 1;
      throw this.tooMany(
        `more than ${this.limits.concurrent} concurrent requests`,
        this.limits.concurrent,
        0,
        now + 1000,
      );
    }
    for (const window of this.limits.windows) {
      const inWindow = this.admitted.filter((time) => time > now - window.windowMs);
      if (inWindow.length >= window.limit) {
        this.rejected += 1;
        const oldest = inWindow[0] ?? now;
        const seconds = window.windowMs / 1000;
        throw this.tooMany(
          `more than ${window.limit} requests in ${seconds} seconds`,
          window.limit,
          0,
          oldest + window.windowMs,
        );
      }
    }
    this.admitted.push(now);
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  snapshot(): {
    inFlight: number;
    peakInFlight: number;
    rejected: number;
    windows: { limit: number; windowMs: number; used: number }[];
  } {
    const now = this.clock();
    return {
      inFlight: this.inFlight,
      peakInFlight: this.peakInFlight,
      rejected: this.rejected,
      windows: this.limits.windows.map((window) => ({
        ...window,
        used: this.admitted.filter((time) => time > now - window.windowMs).length,
      })),
    };
  }

  private tooMany(reason: string, limit: number, remaining: number, resetAtMs: number): HttpError {
    const retryAfter = Math.max(1, Math.ceil((resetAtMs - this.clock()) / 1000));
    return new HttpError(429, `Rate limit exceeded: ${reason}. Retry after ${retryAfter} s.`, {
      headers: {
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(remaining),
        'X-RateLimit-Reset': String(Math.ceil(resetAtMs / 1000)),
      },
    });
  }
}

/** Admission as middleware: the slot is held until the response is done. */
export function rateLimitMiddleware(enforcer: RateLimitEnforcer): RequestHandler {
  return (_req, res, next) => {
    enforcer.admit();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      enforcer.release();
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };
}
