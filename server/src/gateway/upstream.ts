import { endpoints } from '@crm/shared/missive/endpoints';
import { HttpError } from '../http/http-error';
import type { LimitsReport } from '@crm/shared/limits';
import { moreUrgent, type BudgetStore, type Lane } from './budget';
import type { CircuitBreaker } from './circuit-breaker';
import {
  MissiveUnreachable,
  NoAnswer,
  type MissiveClient,
  type UpstreamRequest,
  type UpstreamResponse,
} from './missive-client';
import type { ResponseCache } from './response-cache';
import { MAX_RETRY_AFTER_MS, retryAfterToTime } from './retry-after';
import type { Scheduler } from './scheduler';

/** How the audit log marks a write Missive may or may not have applied. */
export const UNKNOWN_OUTCOME = 'unknown outcome';

/**
 * The gateway stopped waiting for Missive's answer: it is shutting down and
 * its grace is over (see Upstream.abandon). Missive may still answer, to nobody.
 */
export class Abandoned extends HttpError {
  constructor() {
    super(503, "the gateway is shutting down and stopped waiting for Missive's answer", {
      code: 'overloaded',
      headers: { 'Retry-After': '1' },
    });
    this.name = 'Abandoned';
  }
}

/** Sent, and no answer: Missive may or may not have applied the write. */
function unanswered(failure: Error): boolean {
  // Sent but never answered: a timeout, or a connection cut after the
  // request left. A call that never reached Missive was certainly not applied.
  return (
    failure instanceof Abandoned ||
    (failure instanceof NoAnswer && !(failure instanceof MissiveUnreachable))
  );
}

export interface GatewayCall extends UpstreamRequest {
  /** Who asked (the authenticated person, or a part of the gateway), for fairness and the audit log. */
  agent: string;
  lane: Lane;
  /** The record as the caller read it just before this write, kept in the audit log for undo. */
  before?: unknown;
  /**
   * Ask Missive, not the cache (the answer still refreshes it): the mirror's
   * sync wants what changed since its last round, which a cached page of
   * that same query would hide for up to the cache's lifetime.
   */
  fresh?: boolean;
}

/** How an answer was obtained: from the cache, by joining an identical call, or from Missive. */
export type Source = 'cache' | 'coalesced' | 'upstream';

export interface CompletedWrite {
  call: GatewayCall;
  path: string;
  response: UpstreamResponse | undefined;
  error: string | undefined;
}

export interface UpstreamOptions {
  client: MissiveClient;
  scheduler: Scheduler;
  budget: BudgetStore;
  cache: ResponseCache;
  breaker: CircuitBreaker;
  clock?: () => number;
  /** How often a call refused with 429 is tried again after waiting. */
  maxRateLimitRetries?: number;
  /**
   * Every write, applied or not, for the audit log and the mirror. Awaited
   * before the write is answered, so that a client reading right after its
   * write (the sidebar's context, from the mirror) sees it; it reports its
   * own failures and never rejects.
   */
  onWrite?: (write: CompletedWrite) => void | Promise<void>;
  /**
   * Asked before a write is sent; what it throws refuses the write unsent
   * (the store that would audit it is down: see auditableWrites).
   */
  beforeWrite?: () => Promise<void>;
  /** What could not be shared (a cache invalidation, a pause) while the call itself went on. */
  onError: (error: unknown) => void;
}

/**
 * Every call to Missive goes through here: served from the cache when it
 * may be, joined to an identical call already under way, otherwise started
 * by the scheduler when the shared budget allows.
 */
export class Upstream {
  private readonly options: UpstreamOptions;
  private readonly clock: () => number;
  /** Reads under way by URL, with the generation of their resource when they began. */
  private readonly pending = new Map<
    string,
    { generation: number; read: Promise<UpstreamResponse>; urgency: Urgency }
  >();
  private readonly counters = { rateLimited: 0, coalesced: 0, upstreamCalls: 0, retried: 0 };
  private readonly callsByLane: Record<Lane, number> = {
    interactive: 0,
    automation: 0,
    background: 0,
  };
  /** One for each call waiting for Missive: gives up on it (abandon). */
  private readonly stoppers = new Set<() => void>();
  /** Writes not yet settled, their audit included. */
  private readonly writes = new Set<Promise<UpstreamResponse>>();

  constructor(options: UpstreamOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
  }

  async call(call: GatewayCall): Promise<{ response: UpstreamResponse; source: Source }> {
    const endpoint = endpoints[call.name];
    const url = this.options.client.url(call);
    if (endpoint.method !== 'GET') {
      const write = this.write(call, url);
      this.writes.add(write);
      try {
        return { response: await write, source: 'upstream' };
      } finally {
        this.writes.delete(write);
      }
    }

    if (endpoint.cacheable && !call.fresh) {
      const cached = await this.options.cache.get(url, endpoint.resource);
      if (cached) return { response: cached, source: 'cache' };
    }
    const generation = await this.options.cache.generation(endpoint.resource);
    const joined = this.pending.get(url);
    // A read begun before a write to its resource may bring back what the
    // write changed: only reads begun since the last invalidation are joined.
    if (joined?.generation === generation) {
      this.counters.coalesced += 1;
      // A person waiting on a read the sync queued must not wait in the sync's lane.
      joined.urgency.raise(call.lane);
      return { response: await joined.read, source: 'coalesced' };
    }
    const urgency = new Urgency(call.lane);
    const entry = { generation, read: this.untilAbandoned(this.read(call, urgency)), urgency };
    this.pending.set(url, entry);
    let response: UpstreamResponse;
    try {
      response = await entry.read;
    } finally {
      // A newer read of the same URL may have taken the slot meanwhile.
      if (this.pending.get(url) === entry) this.pending.delete(url);
    }
    if (endpoint.cacheable && response.status === 200) {
      await this.options.cache.set(url, endpoint.resource, response, generation);
    }
    return { response, source: 'upstream' };
  }

  private countCall(lane: Lane, change: 1 | -1): void {
    this.counters.upstreamCalls += change;
    this.callsByLane[lane] += change;
  }

  stats(): LimitsReport['upstream'] {
    return { ...this.counters, upstreamCallsByLane: { ...this.callsByLane } };
  }

  /**
   * The shutdown's grace is over: every call still waiting for Missive is
   * answered now instead of when Missive answers. A read is refused (safe to
   * repeat); a write, which Missive may have applied, is audited as of
   * unknown outcome and its caller told to check before repeating it.
   * Resolves once every write has been audited. Call it after the scheduler
   * is closed, so that a write still queued is refused as never sent.
   */
  async abandon(): Promise<void> {
    for (const stop of this.stoppers) stop();
    await Promise.allSettled(this.writes);
  }

  /** Settles as `work` does, unless the gateway stops waiting first (abandon). */
  private untilAbandoned<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stop = () => {
        reject(new Abandoned());
      };
      this.stoppers.add(stop);
      work.then(resolve, reject).finally(() => {
        this.stoppers.delete(stop);
      });
    });
  }

  /** Reads are safe to repeat: once more after a failure, and after every 429. */
  private async read(call: GatewayCall, urgency: Urgency): Promise<UpstreamResponse> {
    try {
      const response = await this.send(call, urgency);
      if (response.status < 500) return response;
    } catch (error) {
      if (!(error instanceof HttpError) || error.status < 500 || error.status === 503) throw error;
    }
    this.counters.retried += 1;
    return this.send(call, urgency);
  }

  /**
   * A write is repeated only after a 429, which proves Missive did not apply
   * it. After a timeout or a 5xx it may have been applied, so the caller is
   * told instead of the gateway guessing.
   */
  private async write(call: GatewayCall, url: string): Promise<UpstreamResponse> {
    const endpoint = endpoints[call.name];
    const path = new URL(url).pathname;
    await this.options.beforeWrite?.();
    let response: UpstreamResponse;
    try {
      response = await this.untilAbandoned(this.send(call, new Urgency(call.lane)));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error('the call to Missive failed');
      const fateUnknown = unanswered(failure);
      await this.options.onWrite?.({
        call,
        path,
        response: undefined,
        error: fateUnknown ? `${UNKNOWN_OUTCOME}: ${failure.message}` : failure.message,
      });
      if (!fateUnknown) throw failure;
      throw new HttpError(
        504,
        `${failure.message}; the change may or may not have been applied, so check before repeating it`,
      );
    }
    if (response.status < 300) {
      // Missive applied the write: it is audited and answered whatever
      // happens to the cache (a failure here would read as a failed write and
      // invite a duplicate). A stale entry outlives it by its time to live.
      await this.options.cache.invalidate(endpoint.invalidates).catch(this.options.onError);
    }
    await this.options.onWrite?.({ call, path, response, error: undefined });
    return response;
  }

  /** One scheduled call, waiting out and repeating 429s; the pause applies to every request. */
  private async send(call: GatewayCall, urgency: Urgency): Promise<UpstreamResponse> {
    const retries = this.options.maxRateLimitRetries ?? 3;
    const { breaker } = this.options;
    for (let attempt = 0; ; attempt++) {
      // Missive down: refused at once, not after a wait for a budget slot.
      breaker.refuseIfOpen();
      const response = await this.options.scheduler.run(
        urgency.lane,
        call.agent,
        async () => {
          breaker.begin();
          const lane = urgency.lane;
          this.countCall(lane, 1);
          try {
            const answer = await this.options.client.call(call);
            breaker.end(true);
            return answer;
          } catch (error) {
            breaker.end(!(error instanceof NoAnswer));
            // Only what Missive may have received is a call spent on the token.
            if (error instanceof MissiveUnreachable) this.countCall(lane, -1);
            throw error;
          }
        },
        (raise) => {
          urgency.waiting(raise);
        },
      );
      if (response.status !== 429) return response;
      this.counters.rateLimited += 1;
      // Missive's longest window is 15 minutes: a longer Retry-After is not believed.
      const now = this.clock();
      // A pause that cannot be shared (Redis down) changes nothing: the next
      // try then fails closed on the budget itself.
      await this.options.budget
        .pauseUntil(
          Math.min(retryAfterToTime(response.retryAfter, now, 5000), now + MAX_RETRY_AFTER_MS),
        )
        .catch(this.options.onError);
      if (attempt >= retries) return response;
    }
  }
}

/**
 * The lane a read waits in: the caller's, raised to the most urgent lane of
 * those who join it, including for any attempt still to come (a retry).
 */
class Urgency {
  private raiseQueued: ((to: Lane) => void) | undefined;

  constructor(public lane: Lane) {}

  /** The scheduler queued an attempt: this raises it while it waits. */
  waiting(raise: (to: Lane) => void): void {
    this.raiseQueued = raise;
  }

  raise(to: Lane): void {
    if (!moreUrgent(to, this.lane)) return;
    this.lane = to;
    this.raiseQueued?.(to);
  }
}
