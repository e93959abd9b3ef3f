import { HttpError } from '../http/http-error';

export interface KeyGuessesOptions {
  /** Wrong credentials one address may send per window before it must wait. */
  perAddress?: number;
  /** Wrong credentials from everyone per window before every address that sent one must wait. */
  overall?: number;
  windowMs?: number;
  clock?: () => number;
}

/** Addresses remembered at most; beyond it the oldest are forgotten (a flood of spoofed ones). */
const MAX_ADDRESSES = 10_000;

/**
 * Throttles guessing of the access key and of session tokens. An address
 * that sent `perAddress` wrong ones within the window is refused (even with
 * the right key: otherwise the throttle would not slow a guesser at all)
 * until its oldest leaves the window. Guessing spread over many addresses is
 * caught by `overall`: past it, every address that sent a wrong one waits,
 * while people who never mistyped carry on. A right key forgives the
 * address's own mistakes. Without a trusted proxy in front, the address is
 * the socket's.
 */
export class KeyGuesses {
  private readonly perAddress: number;
  private readonly overall: number;
  private readonly windowMs: number;
  private readonly clock: () => number;
  private readonly byAddress = new Map<string, number[]>();
  private everyone: number[] = [];

  constructor({
    perAddress = 10,
    overall = 100,
    windowMs = 60_000,
    clock = Date.now,
  }: KeyGuessesOptions = {}) {
    this.perAddress = perAddress;
    this.overall = overall;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /** Throws 429 with Retry-After when `address` may not present a credential now. */
  admit(address: string): void {
    const now = this.clock();
    const mine = this.recent(address, now);
    if (mine.length >= this.perAddress) {
      throw this.refusal(
        now,
        mine[mine.length - this.perAddress] ?? now,
        'Too many wrong access keys from this address',
      );
    }
    this.everyone = this.everyone.filter((at) => at > now - this.windowMs);
    if (mine.length > 0 && this.everyone.length >= this.overall) {
      throw this.refusal(
        now,
        this.everyone[this.everyone.length - this.overall] ?? now,
        'Too many wrong access keys are being tried against this gateway',
      );
    }
  }

  /** A wrong key, or a session token this gateway never issued, from `address`. */
  wrong(address: string): void {
    const now = this.clock();
    const mine = this.recent(address, now);
    mine.push(now);
    // Re-inserted, so the map's first entries are the least recently wrong.
    this.byAddress.delete(address);
    this.byAddress.set(address, mine);
    this.everyone.push(now);
    for (const oldest of this.byAddress.keys()) {
      if (this.byAddress.size <= MAX_ADDRESSES) break;
      this.byAddress.delete(oldest);
    }
  }

  /** The right key from `address`: its earlier typos are forgiven. */
  right(address: string): void {
    this.byAddress.delete(address);
  }

  private recent(address: string, now: number): number[] {
    return (this.byAddress.get(address) ?? []).filter((at) => at > now - this.windowMs);
  }

  private refusal(now: number, leavesAt: number, why: string): HttpError {
    const seconds = Math.max(1, Math.ceil((leavesAt + this.windowMs - now) / 1000));
    return new HttpError(429, `${why}: try again in ${seconds} s`, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
}
