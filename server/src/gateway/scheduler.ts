import { HttpError } from '../http/http-error';
import { LANES, moreUrgent, type BudgetStore, type Lane, type Ticket } from './budget';
import { FairQueue } from './fair-queue';
import { MissiveUnreachable } from './missive-client';

interface Job {
  lane: Lane;
  agent: string;
  start: (ticket: Ticket) => void;
  fail: (error: HttpError) => void;
  deadline: NodeJS.Timeout | undefined;
}

export interface SchedulerOptions {
  store: BudgetStore;
  /** How long a request may wait to start before it is refused with 503. */
  deadlineMs: Record<Lane, number>;
  clock?: () => number;
  /** A release the budget store could not record (a shared store unreachable): its lease frees the slot. */
  onError?: (error: unknown) => void;
}

export interface SchedulerStats {
  queued: Record<Lane, number>;
  started: Record<Lane, number>;
  /** Requests refused because they could not start before their deadline. */
  shed: number;
}

/** How long a refusal waits for the budget to say when it frees up. */
const REFUSAL_LOOKUP_MS = 200;

/**
 * Starts each request when the budget allows: people before AI agents
 * before background work, callers in turn within a lane. Nothing waits forever: past its deadline a
 * request is refused with 503 and a Retry-After, and on shutdown every
 * waiting request is refused the same way.
 */
export class Scheduler {
  private readonly store: BudgetStore;
  private readonly deadlineMs: Record<Lane, number>;
  private readonly clock: () => number;
  private readonly queues: Record<Lane, FairQueue<Job>> = {
    interactive: new FairQueue(),
    automation: new FairQueue(),
    background: new FairQueue(),
  };
  private wake: { at: number; timer: NodeJS.Timeout } | undefined;
  /** A pass over the queues is under way (each start asks the store, which may be a round trip). */
  private pumping = false;
  /** Something changed during the pass: it goes round once more. */
  private pumpAgain = false;
  private readonly counters = {
    started: { interactive: 0, automation: 0, background: 0 },
    shed: 0,
  };
  private closed = false;
  private readonly onError: (error: unknown) => void;

  constructor(options: SchedulerOptions) {
    this.store = options.store;
    this.deadlineMs = options.deadlineMs;
    this.clock = options.clock ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
    // Another instance ended a request: room this one may be waiting for.
    this.store.onFreed?.(() => {
      this.pump();
    });
  }

  /**
   * `onQueued` receives a way to raise the request to a more urgent lane
   * while it waits: a person has joined a background read (see Upstream).
   */
  run<T>(
    lane: Lane,
    agent: string,
    task: () => Promise<T>,
    onQueued?: (raise: (to: Lane) => void) => void,
  ): Promise<T> {
    if (this.closed) {
      return Promise.reject(refusal('the gateway is shutting down', Number.NaN, this.clock()));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        lane,
        agent,
        start: (ticket) => {
          const started = ticket.lane;
          this.counters.started[started] += 1;
          // A task that throws before returning its promise must still reject
          // its caller and give its slot back, not escape from pump().
          // A request Missive never received is not spent on the budget.
          let sent = true;
          new Promise<T>((settle) => {
            settle(task());
          })
            .catch((error: unknown) => {
              sent = !(error instanceof MissiveUnreachable);
              throw error;
            })
            .then(resolve, reject)
            .finally(() => {
              this.store
                .release(ticket, sent, this.clock())
                .catch(this.onError)
                .finally(() => {
                  this.pump();
                });
            });
        },
        fail: reject,
        deadline: undefined,
      };
      this.enqueue(job);
      onQueued?.((to) => {
        this.raise(job, to);
      });
      this.pump();
    });
  }

  stats(): SchedulerStats {
    return {
      queued: {
        interactive: this.queues.interactive.size,
        automation: this.queues.automation.size,
        background: this.queues.background.size,
      },
      started: { ...this.counters.started },
      shed: this.counters.shed,
    };
  }

  /** Refuses everything still waiting; requests under way finish. */
  close(): void {
    this.closed = true;
    if (this.wake) clearTimeout(this.wake.timer);
    for (const lane of LANES) {
      for (const job of this.queues[lane].drain()) {
        clearTimeout(job.deadline);
        this.refuse(job, 'the gateway is shutting down', lane);
      }
    }
  }

  /**
   * Starts what the budget admits. One pass at a time: each start asks the
   * store (a round trip when it is shared), and two passes at once would
   * each take a slot for the same job.
   */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.pumpAgain = false;
        while (await this.startNext()) {
          // Started one; look for the next.
        }
      } while (this.anotherPass());
    } finally {
      // In the same turn as the last look: a pump() arriving after it finds
      // the pass over and starts one, rather than counting on this one.
      this.pumping = false;
    }
  }

  /**
   * Starts the first waiting job the budget admits, lanes in order. A lane
   * held back by its own share (agents at their cap) lets the lanes after it
   * try: they pass only where the shared windows have room, which the
   * interactive lane, never capped, would have taken first.
   */
  private async startNext(): Promise<boolean> {
    const now = this.clock();
    let retryAt = Number.POSITIVE_INFINITY;
    for (const lane of LANES) {
      if (this.queues[lane].size === 0) continue;
      let acquired: Awaited<ReturnType<BudgetStore['tryAcquire']>>;
      try {
        acquired = await this.store.tryAcquire(now, lane);
      } catch (error) {
        // The shared budget cannot be read: nothing is sent that could push
        // the team past Missive's limits (fail closed).
        this.refuseAll(error);
        return false;
      }
      if (!acquired.ok) {
        retryAt = Math.min(retryAt, acquired.retryAt);
        continue;
      }
      // The wait for the store is a moment in which the lane's jobs may have
      // been refused (deadline, shutdown): the slot goes back unused.
      const job = this.closed ? undefined : this.queues[lane].shift();
      if (!job) {
        await this.store.release(acquired.ticket, false, this.clock()).catch(this.onError);
        return this.queued() > 0 && !this.closed;
      }
      clearTimeout(job.deadline);
      job.start(acquired.ticket);
      return true;
    }
    // An infinite retryAt means "when a request ends", which calls pump.
    if (Number.isFinite(retryAt)) this.wakeAt(retryAt, now);
    return false;
  }

  /** Queues a job in its lane, refused past that lane's deadline. */
  private enqueue(job: Job): void {
    const { lane } = job;
    job.deadline = setTimeout(() => {
      if (!this.queues[lane].remove(job.agent, job)) return;
      this.counters.shed += 1;
      this.refuse(
        job,
        `no room in Missive's rate budget within ${this.deadlineMs[lane] / 1000} s`,
        lane,
      );
    }, this.deadlineMs[lane]);
    this.queues[lane].push(job.agent, job);
  }

  /** A waiting job moves to a more urgent lane, with that lane's deadline. */
  private raise(job: Job, to: Lane): void {
    if (!moreUrgent(to, job.lane)) return;
    if (!this.queues[job.lane].remove(job.agent, job)) return;
    clearTimeout(job.deadline);
    job.lane = to;
    this.enqueue(job);
    this.pump();
  }

  private wakeAt(at: number, now: number): void {
    if (this.wake && this.wake.at <= at) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(
      () => {
        this.wake = undefined;
        this.pump();
      },
      Math.max(0, at - now),
    );
    this.wake = { at, timer };
  }

  /**
   * Whether a pump() came during the pass. A method, so that the compiler does
   * not carry over across the awaits what it knew of the flag before them.
   */
  private anotherPass(): boolean {
    return this.pumpAgain && !this.closed;
  }

  private queued(): number {
    return LANES.reduce((total, lane) => total + this.queues[lane].size, 0);
  }

  /** Every waiting job is refused with the store's own error (see startNext). */
  private refuseAll(error: unknown): void {
    const failure =
      error instanceof HttpError
        ? error
        : new HttpError(503, `the rate budget could not be read: ${String(error)}`, {
            code: 'overloaded',
            headers: { 'Retry-After': '5' },
          });
    for (const lane of LANES) {
      for (const job of this.queues[lane].drain()) {
        clearTimeout(job.deadline);
        job.fail(failure);
      }
    }
  }

  /**
   * 503 with a Retry-After of when the budget next frees up: a request needs
   * every full window and any pause behind it, so the latest of them counts.
   * The job has already left its queue, so it cannot start meanwhile.
   */
  private refuse(job: Job, reason: string, lane: Lane): void {
    const now = this.clock();
    // The budget's own answer for this lane: every full window, any pause,
    // and the pacing bucket and headroom a capped lane alone may lack. A
    // shared store that cannot answer at once leaves the default of a
    // second: the refusal is due now, not when a stalled Redis answers.
    let settled = false;
    const fail = (frees: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(fallback);
      job.fail(refusal(reason, frees, now));
    };
    const fallback = setTimeout(() => {
      fail(Number.POSITIVE_INFINITY);
    }, REFUSAL_LOOKUP_MS);
    this.store.nextStart(now, lane).then(fail, () => {
      fail(Number.POSITIVE_INFINITY);
    });
  }
}

function refusal(reason: string, frees: number, now: number): HttpError {
  const seconds = Number.isFinite(frees) ? Math.max(1, Math.ceil((frees - now) / 1000)) : 1;
  return new HttpError(503, `Missive is busy: ${reason}. Try again in ${seconds} s.`, {
    code: 'overloaded',
    headers: { 'Retry-After': String(seconds) },
  });
}
