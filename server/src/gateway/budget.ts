import { longestWindow, type RateLimits } from '@crm/shared/rate-limits';
import { Pacer } from './pacer';

/**
 * Who a request is for, in the order they are served: a person waiting; an
 * AI agent or script acting through the API (MCP tools), capped to its own
 * share so that it never starves the sidebars; prefetch, sync and polling.
 */
export const LANES = ['interactive', 'automation', 'background'] as const;
export type Lane = (typeof LANES)[number];

/** Whether `a` is served before `b`. */
export function moreUrgent(a: Lane, b: Lane): boolean {
  return LANES.indexOf(a) < LANES.indexOf(b);
}

/** A lane that may use only a share of the budget: every one but the people's. */
type CappedLane = Exclude<Lane, 'interactive'>;

export interface WindowUsage {
  /** Missive's limit for this window. */
  limit: number;
  /** What the gateway allows itself: the limit less a safety margin. */
  allowed: number;
  windowMs: number;
  used: number;
  usedByBackground: number;
  usedByAutomation: number;
  /** When the oldest request still counted leaves the window (ms epoch), or null. */
  freesAt: number | null;
}

export interface BudgetSnapshot {
  concurrent: number;
  inFlight: number;
  windows: WindowUsage[];
  /** Until when Missive asked us to wait (Retry-After), or 0. */
  pausedUntil: number;
  /** The bucket that paces the longest window, when there are several windows. */
  pacing: { tokens: number; capacity: number; perSecond: number } | null;
  /** What AI agents and background work may each use of every window and of concurrency (0–1). */
  shares: { automation: number; background: number };
}

/**
 * A request's hold on the budget, from its start to its release: its lane,
 * and an id a shared store uses to find its start and its concurrency slot.
 */
export interface Ticket {
  lane: Lane;
  id: string;
}

export type Acquired = { ok: true; ticket: Ticket } | { ok: false; retryAt: number };

/**
 * The rate budget's state: in this process (MemoryBudgetStore), or shared by
 * several gateway instances on one token (RedisBudgetStore), which is why
 * every answer is a promise. `now` is the caller's clock (ms epoch); a
 * shared store keeps its own (Redis's) and answers in the caller's terms, so
 * that instances whose clocks disagree still count one budget.
 */
export interface BudgetStore {
  /** Takes a slot when concurrency, every window and any pause allow it at `now`. */
  tryAcquire(now: number, lane: Lane): Promise<Acquired>;
  /**
   * When a request of `lane` could start as far as the windows, the pacing
   * and any pause say (concurrency frees up when a request ends): what a
   * refusal tells the caller to wait.
   */
  nextStart(now: number, lane: Lane): Promise<number>;
  /**
   * The request ended. `sent: false`: it never reached Missive (see
   * MissiveUnreachable), so it counts nowhere and its pacing token comes back.
   */
  release(ticket: Ticket, sent: boolean, now: number): Promise<void>;
  /** Missive said to wait: nobody starts before `until`. */
  pauseUntil(until: number): Promise<void>;
  snapshot(now: number): Promise<BudgetSnapshot>;
  /**
   * Calls `listener` when room may have freed up elsewhere (another instance
   * ended a request), so that a scheduler waiting on concurrency looks
   * again; a store that is only this process's never calls it.
   */
  onFreed?(listener: () => void): void;
  /** Lets go of connections and timers. */
  close?(): Promise<void>;
}

export interface BudgetOptions {
  limits: RateLimits;
  /** Share of each window and of concurrency that background work may use (0–1). */
  backgroundShare: number;
  /** The same for the automation lane (AGENT_BUDGET_SHARE); background's share when unset. */
  automationShare?: number;
  /** Spread the longest window's budget out (see Pacer); on unless turned off. */
  pace?: boolean;
}

/**
 * Missive counts a request when it arrives, we when we send it. A window is
 * therefore treated as slightly longer, and allowed slightly fewer requests,
 * than Missive's, so clock skew and transit time never earn a 429.
 */
export function margins(limit: number, windowMs: number): { allowed: number; spanMs: number } {
  return {
    allowed: Math.max(1, limit - Math.max(1, Math.ceil(limit * 0.02))),
    spanMs: windowMs + Math.min(1000, Math.ceil(windowMs * 0.05)),
  };
}

/**
 * When one more request fits under `cap`, given the starts counted now
 * (oldest first): the one at position length − cap has to leave the window.
 * A start counts while `at > now − span`, so it has left at exactly
 * `at + span`; asking for later would idle a free slot.
 */
function freeAt(counted: readonly { at: number }[], cap: number, spanMs: number): number {
  if (counted.length < cap) return 0;
  if (cap <= 0) return Number.POSITIVE_INFINITY;
  const leaving = counted[counted.length - cap];
  return leaving ? leaving.at + spanMs : 0;
}

export class MemoryBudgetStore implements BudgetStore {
  private readonly limits: RateLimits;
  private readonly shares: Record<CappedLane, number>;
  /** Start times (ms), lanes and tickets of recent requests, oldest first. */
  private readonly starts: { at: number; lane: Lane; id: string }[] = [];
  private issued = 0;
  private inFlight = 0;
  private readonly inFlightBy: Record<CappedLane, number> = { automation: 0, background: 0 };
  private pausedUntil = 0;
  private readonly pacer: Pacer | undefined;

  constructor(options: BudgetOptions) {
    this.limits = options.limits;
    const clamp = (share: number) => Math.min(1, Math.max(0, share));
    this.shares = {
      background: clamp(options.backgroundShare),
      automation: clamp(options.automationShare ?? options.backgroundShare),
    };
    // With one window there is nothing longer to spread out.
    const longest = longestWindow(options.limits);
    if (longest && options.limits.windows.length > 1 && options.pace !== false)
      this.pacer = new Pacer(margins(longest.limit, longest.windowMs));
  }

  tryAcquire(now: number, lane: Lane): Promise<Acquired> {
    // Concurrency frees up when a request ends: the scheduler retries on release.
    const slotFree =
      this.inFlight < this.limits.concurrent &&
      (lane === 'interactive' || this.inFlightBy[lane] < this.concurrencyOf(lane));
    const retryAt = this.startTime(now, lane);
    if (retryAt > now) return Promise.resolve({ ok: false, retryAt });
    if (!slotFree) return Promise.resolve({ ok: false, retryAt: Number.POSITIVE_INFINITY });
    this.pacer?.take(now);
    this.issued += 1;
    const ticket: Ticket = { lane, id: String(this.issued) };
    this.starts.push({ at: now, lane, id: ticket.id });
    this.inFlight += 1;
    if (lane !== 'interactive') this.inFlightBy[lane] += 1;
    return Promise.resolve({ ok: true, ticket });
  }

  nextStart(now: number, lane: Lane): Promise<number> {
    return Promise.resolve(this.startTime(now, lane));
  }

  private startTime(now: number, lane: Lane): number {
    this.forget(now);
    const share = lane === 'interactive' ? 1 : this.shares[lane];
    // A pause and a full window may both hold a request: the later one counts.
    let retryAt = Math.max(now, this.pausedUntil);
    for (const window of this.limits.windows) {
      const { allowed, spanMs } = margins(window.limit, window.windowMs);
      const counted = this.starts.filter((start) => start.at > now - spanMs);
      retryAt = Math.max(retryAt, freeAt(counted, allowed, spanMs));
      if (lane !== 'interactive') {
        // Any share above zero lets the lane through at least once per window.
        const cap = share > 0 ? Math.max(1, Math.floor(allowed * share)) : 0;
        const mine = counted.filter((start) => start.lane === lane);
        retryAt = Math.max(retryAt, freeAt(mine, cap, spanMs));
      }
      if (lane === 'automation') {
        // Agents wait behind people in the queue, but a queue only orders
        // who is waiting now: a slot an agent takes while nobody waits is one
        // a person arriving a moment later lacks. So an agent never takes a
        // window's last slots (see headroom); those stay the people's.
        retryAt = Math.max(retryAt, freeAt(counted, allowed - this.headroom(allowed), spanMs));
      }
    }
    if (this.pacer) {
      // A capped lane may draw only on the top share of the bucket, so
      // interactive work always finds tokens left.
      const reserve = this.pacer.capacity * (1 - share);
      retryAt = Math.max(retryAt, this.pacer.availableAt(now, reserve));
    }
    return retryAt;
  }

  release({ lane, id }: Ticket, sent: boolean, now: number): Promise<void> {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (lane !== 'interactive') this.inFlightBy[lane] = Math.max(0, this.inFlightBy[lane] - 1);
    if (!sent) {
      const index = this.starts.findIndex((start) => start.id === id);
      if (index >= 0) this.starts.splice(index, 1);
      this.pacer?.giveBack(now);
    }
    return Promise.resolve();
  }

  pauseUntil(until: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    return Promise.resolve();
  }

  snapshot(now: number): Promise<BudgetSnapshot> {
    this.forget(now);
    return Promise.resolve({
      concurrent: this.limits.concurrent,
      inFlight: this.inFlight,
      shares: { ...this.shares },
      pausedUntil: now < this.pausedUntil ? this.pausedUntil : 0,
      pacing: this.pacer
        ? {
            tokens: Math.floor(this.pacer.level(now)),
            capacity: this.pacer.capacity,
            perSecond: this.pacer.perMs * 1000,
          }
        : null,
      windows: this.limits.windows.map((window) => {
        const { allowed, spanMs } = margins(window.limit, window.windowMs);
        const counted = this.starts.filter((start) => start.at > now - spanMs);
        const first = counted[0];
        return {
          limit: window.limit,
          allowed,
          windowMs: window.windowMs,
          used: counted.length,
          usedByBackground: counted.filter((start) => start.lane === 'background').length,
          usedByAutomation: counted.filter((start) => start.lane === 'automation').length,
          freesAt: first ? first.at + spanMs : null,
        };
      }),
    });
  }

  /**
   * The slots of a window no agent takes: as many as agents may use (their
   * cap), and no more than the share leaves to everyone else, so that a
   * share of 1 (agents may use everything) reserves nothing.
   */
  private headroom(allowed: number): number {
    const cap = Math.floor(allowed * this.shares.automation);
    return Math.max(0, Math.min(cap, allowed - cap));
  }

  private concurrencyOf(lane: CappedLane): number {
    return Math.max(1, Math.floor(this.limits.concurrent * this.shares[lane]));
  }

  /**
   * Drops starts older than the longest window: they count nowhere any more.
   * The longest is looked up rather than assumed last, because only the
   * configuration parser sorts windows and a store may be built without it.
   */
  private forget(now: number): void {
    if (!this.limits.windows.length) return;
    const spanMs = Math.max(
      ...this.limits.windows.map((window) => margins(window.limit, window.windowMs).spanMs),
    );
    while (this.starts.length && (this.starts[0]?.at ?? now) <= now - spanMs) this.starts.shift();
  }
}
