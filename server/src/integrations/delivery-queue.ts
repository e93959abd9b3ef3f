import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Delivery } from '@crm/shared/integrations';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { postInputSchema, postResponse } from '@crm/shared/missive/posts';
import type { Gateway } from '../gateway/gateway';
import { MissiveUnreachable } from '../gateway/missive-client';
import { MAX_RETRY_AFTER_MS, retryAfterToTime } from '../gateway/retry-after';
import { HttpError } from '../http/http-error';
import type {
  Claim,
  IntegrationStore,
  QueuedDelivery,
  Settlement,
} from '../store/integration-store';

/**
 * The durable queue between a provider's delivery and its post: the route
 * stores the post to make and answers the provider at once; this worker
 * sends the oldest queued post through the gateway (background lane,
 * audited like every write) and records how it went. Everything it knows is
 * in the store, so a restart resumes where it stopped.
 *
 * Several gateways may share the store (PostgreSQL): each claims a delivery
 * before posting it, in one UPDATE only one of them wins, and holds the claim
 * by renewing its lease while the post is under way. The claim succeeds only
 * while no other delivery is being sent, so the gateways between them still
 * post one at a time, oldest first. A claim whose lease ran out belongs to a
 * gateway that stopped mid-post; any queue hands such deliveries to a
 * person, at start and every lease period after, and the late settlement of
 * a gateway that was only slow is reported rather than recorded.
 */

/** What a queued delivery sends: the post, and a subject to set on an existing conversation. */
export const jobSchema = z.object({
  post: postInputSchema,
  /** update_existing_conversation_subject: set after the post (a post only titles new conversations). */
  subject: z.string().max(998).optional(),
});
export type Job = z.infer<typeof jobSchema>;

export interface Backoff {
  /** The wait after the first failure; it doubles after each one. */
  firstMs: number;
  maxMs: number;
  /** Tries before a delivery goes to the dead-letter list. */
  attempts: number;
}

/** About 27 minutes of tries (2 s, 4 s, … capped at 10 min): a Missive outage of that length is a person's problem. */
export const DEFAULT_BACKOFF: Backoff = { firstMs: 2_000, maxMs: 600_000, attempts: 11 };

/** How long a claim holds unless renewed: far above a post's time, a pause of the event loop or clock skew between hosts. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * How soon a gateway looks again when another one is posting the head of
 * the queue: that one goes on with the rest itself, so this only matters if
 * it stops (cleanly; a crashed one's claim has to run out first).
 */
const BUSY_POLL_MS = 1_000;

export const INTERRUPTED =
  'the gateway stopped while posting this delivery: Missive may or may not have the post, so check the conversation before retrying';

export interface DeliveryQueueOptions {
  store: IntegrationStore;
  gateway: Pick<Gateway, 'call'>;
  backoff?: Backoff;
  clock?: () => number;
  /** See DEFAULT_LEASE_MS; renewed three times a lease. */
  leaseMs?: number;
  /** Names this gateway in its claims; a fresh id for each queue by default. */
  instance?: string;
  /** A delivery changed state (for the live event to Operations). */
  onSettled?: (delivery: Delivery) => void;
  onError: (error: unknown) => void;
}

/**
 * Answers that say Missive did not make the post: rate limited, or not
 * available at all. Safe to send again; any other 5xx may follow a post
 * Missive made (a proxy's 502 after the app answered), so it is not.
 */
const NOT_APPLIED = new Set([429, 503]);

export class DeliveryQueue {
  private readonly backoff: Backoff;
  private readonly clock: () => number;
  private readonly leaseMs: number;
  private readonly instance: string;
  /** Looks for claims that ran out while this queue runs: another gateway may have died. */
  private sweeper: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Work arrived while the loop ran: it goes round once more. */
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  /** Nothing is sent before start(): deliveries accepted meanwhile wait in the store. */
  private started = false;
  private stopped = false;

  constructor(private readonly options: DeliveryQueueOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.clock ?? Date.now;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.instance = options.instance ?? randomUUID();
  }

  /** Hands deliveries a stopped gateway left half-sent to a person, then sends what is queued. */
  async start(): Promise<void> {
    this.started = true;
    await this.sweep();
    this.sweeper = setInterval(() => {
      this.sweep().catch(this.options.onError);
    }, this.leaseMs);
    this.sweeper.unref();
    this.wake();
  }

  private async sweep(): Promise<void> {
    for (const delivery of await this.options.store.interrupted(INTERRUPTED, this.clock())) {
      this.options.onSettled?.(delivery);
    }
  }

  /** Something was queued (or retried): send it now if nothing is under way. */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.drain()
      .catch(this.options.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Sends nothing more; resolves when the post under way has its answer. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.sweeper);
    await this.running;
  }

  /** Resolves once nothing queued is due (for tests and the bench). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // One at a time, oldest first, across every gateway on the store: events
    // about one issue arrive in order ("opened" before "closed"), so its
    // colour ends where GitHub's state is.
    while (!this.stopped) {
      const next = await this.options.store.head(this.clock());
      if (!next) return;
      if (next.status === 'sending') {
        // Another gateway is posting the head; it goes on with the rest
        // itself, so this one only looks again in case that one stops.
        this.wakeIn(BUSY_POLL_MS);
        return;
      }
      const wait = (next.nextAttemptAt ?? 0) - this.clock();
      if (wait > 0) {
        this.wakeIn(wait);
        return;
      }
      if (!(await this.options.store.claim(next.id, this.claim(), this.clock()))) {
        // Another gateway claimed it, or another delivery, or sent it back to
        // wait, since it was read: looking again at once could go round and
        // round while that gateway's post is under way.
        this.wakeIn(BUSY_POLL_MS);
        return;
      }
      const holding = this.holdClaim(next.id);
      let settlement: Settlement;
      try {
        settlement = await this.send(next);
      } finally {
        holding.stop();
      }
      const settled = await this.options.store.settle(next.id, this.instance, settlement);
      if (settled) this.options.onSettled?.(settled);
      else await this.reportLate(next.id, settlement);
    }
  }

  private wakeIn(ms: number): void {
    this.timer = setTimeout(() => {
      this.wake();
    }, ms);
    this.timer.unref();
  }

  /**
   * This gateway's claim ran out while it posted (it was paused, or its
   * renewals failed): the delivery went to a person as interrupted and may
   * be another gateway's now, so its outcome was not written over whatever
   * is there. It is reported instead: a post made must not be made again.
   */
  private async reportLate(id: number, settlement: Settlement): Promise<void> {
    const outcome =
      settlement.status === 'sent'
        ? `sent by a gateway whose claim had lapsed: post ${settlement.postId} in conversation ${settlement.conversationId}${settlement.note === null ? '' : ` (${settlement.note})`}`
        : `tried by a gateway whose claim had lapsed: ${settlement.error}`;
    const current = await this.options.store.getDelivery(id);
    this.options.onError(
      new Error(
        `delivery ${id} was ${outcome}; this was not recorded on the delivery, which is ${current ? `${current.status} now` : 'gone'}: check it before retrying`,
      ),
    );
  }

  private claim(): Claim {
    return { owner: this.instance, until: this.clock() + this.leaseMs };
  }

  /** Renews the claim while the post is under way, so no other gateway takes it as interrupted. */
  private holdClaim(id: number): { stop: () => void } {
    let holding = true;
    const renewal = setInterval(() => {
      this.options.store.renew(id, this.claim()).then((renewed) => {
        if (!renewed && holding) {
          holding = false;
          this.options.onError(
            new Error(
              `delivery ${id} was taken as interrupted while this gateway was still posting it (its claim went unrenewed for ${this.leaseMs} ms)`,
            ),
          );
        }
      }, this.options.onError);
    }, this.leaseMs / 3);
    renewal.unref();
    return {
      stop: () => {
        holding = false;
        clearInterval(renewal);
      },
    };
  }

  private async send(delivery: QueuedDelivery): Promise<Settlement> {
    const job = jobSchema.safeParse(delivery.job);
    if (!job.success)
      return { status: 'dead', error: 'the queued post is not one this gateway can send' };
    const attempts = delivery.attempts + 1;
    const agent = `integration:${delivery.provider}`;
    let answer;
    try {
      answer = await this.options.gateway.call({
        name: 'createPost',
        params: {},
        query: {},
        body: { posts: job.data.post },
        agent,
        lane: 'background',
      });
    } catch (error) {
      return this.failed(error);
    }
    const { response } = answer;
    if (response.status >= 300) {
      const message = `Missive answered ${response.status}${describeBody(response.body)}`;
      if (!NOT_APPLIED.has(response.status)) {
        return {
          status: 'dead',
          error:
            response.status >= 500
              ? `${message}; the post may or may not have been made, so check the conversation before retrying`
              : `${message}; the post was refused, so retrying it unchanged will fail again`,
        };
      }
      return this.later(message, attempts, response.retryAfter);
    }
    const made = postResponse.safeParse(response.body);
    if (!made.success) {
      return {
        status: 'dead',
        error: 'Missive made the post but its answer could not be read; do not retry',
      };
    }
    const { id, conversation } = made.data.posts;
    const note =
      job.data.subject === undefined
        ? null
        : await this.retitle(conversation, job.data.subject, agent);
    return { status: 'sent', postId: id, conversationId: conversation, at: this.clock(), note };
  }

  /**
   * A thrown failure. Only a refusal before sending (the budget's queue full
   * or closing, Missive unreachable or its circuit open) proves the post was
   * not made; it is tried again later, and it does not count as a try, since
   * nothing was sent. Anything else (no answer, an answer that could not be
   * read) may have been made: a person decides.
   */
  private failed(error: unknown): Settlement {
    const message = error instanceof Error ? error.message : String(error);
    const refused =
      error instanceof MissiveUnreachable ||
      (error instanceof HttpError && error.code === 'overloaded');
    if (!refused) {
      return {
        status: 'dead',
        error: /may or may not/.test(message)
          ? message
          : `${message}; the post may or may not have been made, so check the conversation before retrying`,
      };
    }
    const now = this.clock();
    const retryAfter = error instanceof HttpError ? (error.headers['Retry-After'] ?? null) : null;
    return {
      status: 'queued',
      nextAttemptAt: this.clamp(retryAfterToTime(retryAfter, now, this.backoff.firstMs), now),
      error: message,
      tried: false,
    };
  }

  private later(error: string, attempts: number, retryAfter: string | null): Settlement {
    if (attempts >= this.backoff.attempts) {
      return { status: 'dead', error: `${error} (gave up after ${attempts} tries)` };
    }
    const now = this.clock();
    const backoff = Math.min(this.backoff.maxMs, this.backoff.firstMs * 2 ** (attempts - 1));
    // ±20 %, so that deliveries refused together do not all come back together.
    const jittered = backoff * (0.8 + Math.random() * 0.4);
    const nextAttemptAt = Math.max(now + jittered, retryAfterToTime(retryAfter, now, 0));
    return { status: 'queued', nextAttemptAt: this.clamp(nextAttemptAt, now), error, tried: true };
  }

  /**
   * Missive's longest window is 15 minutes: a later Retry-After is not
   * believed (as the gateway's own pause does), and the head of the queue
   * never waits longer than that.
   */
  private clamp(at: number, now: number): number {
    return Math.round(Math.min(at, now + MAX_RETRY_AFTER_MS));
  }

  /** The post is made whatever happens here; a failure is noted on the delivery, not retried. */
  private async retitle(
    conversation: string,
    subject: string,
    agent: string,
  ): Promise<string | null> {
    try {
      const { response } = await this.options.gateway.call({
        name: 'updateConversations',
        params: { ids: conversation },
        query: {},
        body: { conversations: [{ id: conversation, subject }] },
        agent,
        lane: 'background',
      });
      return response.status < 300
        ? null
        : `posted, but renaming the conversation failed: Missive answered ${response.status}`;
    } catch (error) {
      return `posted, but renaming the conversation failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** Missive's error message, when its answer carries one. */
function describeBody(body: unknown): string {
  const parsed = errorEnvelopeSchema.safeParse(body);
  return parsed.success ? `: ${parsed.data.error.message}` : '';
}
