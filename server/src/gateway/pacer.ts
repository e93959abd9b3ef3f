/**
 * Paces spending of the longest window. Missive's 900 requests per 15
 * minutes can be spent in three minutes at the 300-per-minute rate, which
 * would leave a busy team with nothing for the next twelve. A token bucket
 * that holds a third of the window and refills at its sustainable rate
 * (about one request a second) keeps bursts possible and service steady.
 */
export class Pacer {
  readonly capacity: number;
  /** Tokens gained per millisecond. */
  readonly perMs: number;
  private tokens: number;
  private updatedAt: number | undefined;

  /**
   * `burst` unset: the team's traffic, which comes in bursts between idle
   * spells; the bucket holds a third of the window and refills at the full
   * sustainable rate, and the budget's windows stop what goes beyond them.
   * `burst` set: work that always wants more than it may have (the sync);
   * the bucket holds `burst` and refills at what is left of `allowed`, so no
   * span ever holds more than `allowed`, and such work never meets the
   * window's wall, where it would stall for minutes and starve the rest of
   * its lane.
   */
  constructor({ allowed, spanMs, burst }: { allowed: number; spanMs: number; burst?: number }) {
    if (burst === undefined) {
      this.capacity = Math.max(1, Math.ceil(allowed / 3));
      this.perMs = allowed / spanMs;
    } else {
      this.capacity = Math.max(1, Math.min(Math.floor(burst), Math.floor(allowed) - 1));
      this.perMs = Math.max(0, Math.floor(allowed) - this.capacity) / spanMs;
    }
    this.tokens = this.capacity;
  }

  /** When a token can be taken while `reserve` tokens stay for others. */
  availableAt(now: number, reserve: number): number {
    this.refill(now);
    const needed = reserve + 1;
    return this.tokens >= needed ? now : now + Math.ceil((needed - this.tokens) / this.perMs);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  /** A token taken for a request that was never sent comes back. */
  giveBack(now: number): void {
    this.refill(now);
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }

  level(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  private refill(now: number): void {
    if (this.updatedAt !== undefined && now > this.updatedAt) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
    }
    this.updatedAt = Math.max(now, this.updatedAt ?? now);
  }
}
