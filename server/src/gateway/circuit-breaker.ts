import { MissiveUnreachable } from './missive-client';

export interface CircuitBreakerOptions {
  /** Consecutive failures (unreachable or timed out) that open the circuit. */
  threshold?: number;
  /** The first wait before a probe; doubled after each failed probe, up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  clock?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitReport {
  state: CircuitState;
  /** When the current run of failures began (ms), while there is one. */
  failingSince: number | null;
  /** When the next probe may go (ms), while open. */
  retryAt: number | null;
  /** The last call that went to Missive: when it ended, and whether Missive answered. */
  lastCall: { at: number; answered: boolean } | null;
}

/**
 * Missive down is not Missive busy. After a few calls in a row that never
 * got an answer (the connection refused, or no answer in time) the circuit
 * opens: calls fail at once with 502 instead of each waiting for a timeout
 * or a budget slot. After a short wait one call goes through as a probe;
 * its answer, any HTTP answer, closes the circuit, its failure opens it
 * again for twice as long, at most `maxRetryMs`, so service resumes within
 * seconds of Missive's return.
 */
export class CircuitBreaker {
  private readonly threshold: number;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly clock: () => number;
  private failures = 0;
  private failingSince: number | null = null;
  private openUntil: number | null = null;
  private retryMs: number;
  private probing = false;
  private lastCall: CircuitReport['lastCall'] = null;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.threshold ?? 3;
    this.firstRetryMs = options.firstRetryMs ?? 1000;
    this.maxRetryMs = options.maxRetryMs ?? 5000;
    this.clock = options.clock ?? Date.now;
    this.retryMs = this.firstRetryMs;
  }

  /** Refuses at once while open, before a call queues for a budget slot. */
  refuseIfOpen(): void {
    const now = this.clock();
    if (this.openUntil !== null && (now < this.openUntil || this.probing)) throw this.refusal(now);
  }

  /**
   * A call is about to go to Missive: refused while open; once the wait is
   * over, the first call is the probe and the rest are refused until it ends.
   */
  begin(): void {
    this.refuseIfOpen();
    if (this.openUntil !== null) this.probing = true;
  }

  /** The call ended: `answered` when Missive sent any HTTP answer. */
  end(answered: boolean): void {
    const now = this.clock();
    const wasProbe = this.probing;
    this.probing = false;
    this.lastCall = { at: now, answered };
    if (answered) {
      this.failures = 0;
      this.failingSince = null;
      this.openUntil = null;
      this.retryMs = this.firstRetryMs;
      return;
    }
    this.failures += 1;
    this.failingSince ??= now;
    if (wasProbe) {
      this.retryMs = Math.min(this.maxRetryMs, this.retryMs * 2);
      this.openUntil = now + this.retryMs;
    } else if (this.openUntil === null && this.failures >= this.threshold) {
      this.openUntil = now + this.retryMs;
    }
  }

  report(): CircuitReport {
    const state: CircuitState =
      this.openUntil === null
        ? 'closed'
        : this.probing || this.clock() >= this.openUntil
          ? 'half_open'
          : 'open';
    return {
      state,
      failingSince: this.failingSince,
      retryAt: this.openUntil,
      lastCall: this.lastCall,
    };
  }

  private refusal(now: number): MissiveUnreachable {
    const since = new Date(this.failingSince ?? now).toISOString();
    const waitS = Math.max(1, Math.ceil(((this.openUntil ?? now) - now) / 1000));
    return new MissiveUnreachable(
      `Missive is unreachable (no answer since ${since}, ${this.failures} attempts); nothing was sent, the gateway tries again within ${waitS} s`,
      { 'Retry-After': String(waitS) },
    );
  }
}
