import { HttpError } from '../http/http-error';
import { LANES, moreUrgent, type BudgetStore, type Lane } from './budget';
import { FairQueue } from './fair-queue';
import { MissiveUnreachable } from './missive-client';

interface Job {
  lane: Lane;
  agent: string;
  start: () => void;
  fail: (error: HttpError) => void;
  deadline: NodeJS.Timeout | undefined;
}

export interface SchedulerOptions {
  store: BudgetStore;
  /** How long a request may wait to start before it is refused with 503. */
  deadlineMs: Record<Lane, number>;
  clock?: () => number;
}

export interface SchedulerStats {
  queued: Record<Lane, number>;
  started: Record<Lane, number>;
  /** Requests refused because they could not start before their deadline. */
  shed: number;
}

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
  private readonly counters = {
    started: { interactive: 0, automation: 0, background: 0 },
    shed: 0,
  };
  private closed = false;

  constructor(options: SchedulerOptions) {
    this.store = options.store;
    this.deadlineMs = options.deadlineMs;
    this.clock = options.clock ?? Date.now;
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
    if (this.closed) return Promise.reject(this.refusal('the gateway is shutting down'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        lane,
        agent,
        start: () => {
          const started = job.lane;
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
              this.store.release(started, sent, this.clock());
              this.pump();
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
        job.fail(this.refusal('the gateway is shutting down'));
      }
    }
  }

  private pump(): void {
    while (this.startNext()) {
      // Started one; look for the next.
    }
  }

  /**
   * Starts the first waiting job the budget admits, lanes in order. A lane
   * held back by its own share (agents at their cap) lets the lanes after it
   * try: they pass only where the shared windows have room, which the
   * interactive lane, never capped, would have taken first.
   */
  private startNext(): boolean {
    const now = this.clock();
    let retryAt = Number.POSITIVE_INFINITY;
    for (const lane of LANES) {
      if (this.queues[lane].size === 0) continue;
      const acquired = this.store.tryAcquire(now, lane);
      if (!acquired.ok) {
        retryAt = Math.min(retryAt, acquired.retryAt);
        continue;
      }
      const job = this.queues[lane].shift();
      if (!job) {
        this.store.release(lane, false, now);
        return false;
      }
      clearTimeout(job.deadline);
      job.start();
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
      job.fail(
        this.refusal(
          `no room in Missive's rate budget within ${this.deadlineMs[lane] / 1000} s`,
          lane,
        ),
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
   * 503 with a Retry-After of when the budget next frees up: a request needs
   * every full window and any pause behind it, so the latest of them counts.
   */
  private refusal(reason: string, lane: Lane = 'interactive'): HttpError {
    const now = this.clock();
    // The budget's own answer for this lane: every full window, any pause,
    // and the pacing bucket and headroom a capped lane alone may lack.
    const frees = this.store.nextStart(now, lane);
    const seconds = Number.isFinite(frees) ? Math.max(1, Math.ceil((frees - now) / 1000)) : 1;
    return new HttpError(503, `Missive is busy: ${reason}. Try again in ${seconds} s.`, {
      code: 'overloaded',
      headers: { 'Retry-After': String(seconds) },
    });
  }
}
