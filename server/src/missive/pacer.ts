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

  constructor({ allowed, spanMs }: { allowed: number; spanMs: number }) {
    this.capacity = Math.max(1, Math.ceil(allowed / 3));
    this.perMs = allowed / spanMs;
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
