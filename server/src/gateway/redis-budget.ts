import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isReplyError, RedisScript } from '../cluster/redis-script';
import { longestWindow } from '@crm/shared/rate-limits';
import { HttpError } from '../http/http-error';
import {
  margins,
  type Acquired,
  type BudgetOptions,
  type BudgetSnapshot,
  type BudgetStore,
  type Lane,
  type Ticket,
} from './budget';
import { Pacer } from './pacer';
import { ACQUIRE, NEXT_START, PAUSE, RELEASE, RENEW, SNAPSHOT } from './redis-budget-scripts';

export interface RedisBudgetOptions extends BudgetOptions {
  redis: Redis;
  /** Names the keys (`<prefix>:{budget}:…`): one budget per Missive token. */
  prefix: string;
  /** Where the Redis is, for messages (its password masked). */
  where: string;
  /**
   * How long a concurrency slot stays held without its instance renewing
   * it: a killed instance holds no slot for longer (REDIS_SLOT_LEASE_MS).
   */
  leaseMs: number;
  /** Room freed by another instance: `announce` tells them, `listen` hears them (the bus). */
  announce?: () => void;
  listen?: (listener: () => void) => void;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

interface SnapshotAnswer {
  windows: {
    used: number;
    usedByAutomation: number;
    usedByBackground: number;
    freesAt: number | null;
  }[];
  inFlight: number;
  pausedUntil: number;
  tokens: number | null;
  leaseEnds: number | null;
}

type Script = 'acquire' | 'nextStart' | 'release' | 'pause' | 'renew' | 'snapshot';
const SCRIPTS: Record<Script, RedisScript> = {
  acquire: new RedisScript(ACQUIRE),
  nextStart: new RedisScript(NEXT_START),
  release: new RedisScript(RELEASE),
  pause: new RedisScript(PAUSE),
  renew: new RedisScript(RENEW),
  snapshot: new RedisScript(SNAPSHOT),
};

/**
 * The rate budget shared by every gateway instance on one token, in Redis:
 * the windows, the concurrency slots, the pacing bucket and the pause after
 * a 429, each step one atomic script. A slot is a lease renewed while its
 * request runs, so one held by an instance that died frees itself.
 */
export class RedisBudgetStore implements BudgetStore {
  private readonly options: RedisBudgetOptions;
  private readonly keys: string[];
  private readonly settings: string;
  private readonly shares: { automation: number; background: number };
  private readonly pacing: { capacity: number; perSecond: number } | null;
  private readonly clock: () => number;
  /** Tickets this instance holds, whose leases it renews. */
  private readonly held = new Set<string>();
  private readonly renewal: NodeJS.Timeout;
  private readonly listeners: (() => void)[] = [];
  /** Wakes waiting schedulers when the first lease could lapse (an instance that died holding it). */
  private lapse: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(options: RedisBudgetOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    const base = `${options.prefix}:{budget}`;
    this.keys = [
      'starts',
      'starts:automation',
      'starts:background',
      'slots',
      'pause',
      'bucket',
    ].map((key) => `${base}:${key}`);
    const clamp = (share: number) => Math.min(1, Math.max(0, share));
    this.shares = {
      background: clamp(options.backgroundShare),
      automation: clamp(options.automationShare ?? options.backgroundShare),
    };
    const longest = longestWindow(options.limits);
    const pacer =
      longest && options.limits.windows.length > 1 && options.pace !== false
        ? new Pacer(margins(longest.limit, longest.windowMs))
        : undefined;
    this.pacing = pacer ? { capacity: pacer.capacity, perSecond: pacer.perMs * 1000 } : null;
    const windows = options.limits.windows.map((window) => {
      const { allowed, spanMs } = margins(window.limit, window.windowMs);
      return { allowed, span: spanMs };
    });
    this.settings = JSON.stringify({
      concurrent: options.limits.concurrent,
      windows,
      longestSpan: Math.max(0, ...windows.map((window) => window.span)),
      shares: this.shares,
      // Left out when off: cjson reads a JSON null as a value that is true in Lua.
      pacer: pacer ? { capacity: pacer.capacity, perMs: pacer.perMs } : undefined,
    });
    // A third of the lease: two renewals may fail (a blip) before a slot lapses.
    this.renewal = setInterval(
      () => {
        void this.renew();
      },
      Math.max(100, Math.floor(options.leaseMs / 3)),
    );
    this.renewal.unref();
    options.listen?.(() => {
      this.freed();
    });
  }

  async tryAcquire(now: number, lane: Lane): Promise<Acquired> {
    const id = `${lane}:${randomBytes(8).toString('hex')}`;
    const answer = await this.run('acquire', now, lane, id, String(this.options.leaseMs));
    if (!Array.isArray(answer) || answer.length !== 2) throw this.unreadable('acquire', answer);
    const [admitted, value] = answer as [unknown, unknown];
    if (admitted === 1) {
      this.held.add(id);
      return { ok: true, ticket: { lane, id } };
    }
    const retryAt = parseTime(value);
    // Full of slots: a release anywhere is announced, but one that died
    // holding its slot announces nothing, so look again when its lease lapses.
    if (retryAt === Number.POSITIVE_INFINITY) await this.watchLeases(now);
    return { ok: false, retryAt };
  }

  async nextStart(now: number, lane: Lane): Promise<number> {
    return parseTime(await this.run('nextStart', now, lane));
  }

  async release(ticket: Ticket, sent: boolean, now: number): Promise<void> {
    this.held.delete(ticket.id);
    await this.run('release', now, ticket.lane, ticket.id, sent ? '1' : '0');
    this.options.announce?.();
  }

  async pauseUntil(until: number): Promise<void> {
    await this.run('pause', this.clock(), String(until));
  }

  async snapshot(now: number): Promise<BudgetSnapshot> {
    const answer = await this.run('snapshot', now);
    const parsed = typeof answer === 'string' ? (JSON.parse(answer) as SnapshotAnswer) : undefined;
    if (!parsed) throw this.unreadable('snapshot', answer);
    return {
      concurrent: this.options.limits.concurrent,
      inFlight: parsed.inFlight,
      shares: { ...this.shares },
      pausedUntil: parsed.pausedUntil,
      pacing:
        this.pacing && parsed.tokens !== null
          ? { tokens: Math.floor(parsed.tokens), ...this.pacing }
          : null,
      windows: this.options.limits.windows.map((window, index) => {
        const { allowed } = margins(window.limit, window.windowMs);
        const used = parsed.windows[index];
        return {
          limit: window.limit,
          allowed,
          windowMs: window.windowMs,
          used: used?.used ?? 0,
          usedByAutomation: used?.usedByAutomation ?? 0,
          usedByBackground: used?.usedByBackground ?? 0,
          freesAt: used?.freesAt ?? null,
        };
      }),
    };
  }

  onFreed(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Stops renewing: the slots still held lapse with their leases. */
  close(): Promise<void> {
    clearInterval(this.renewal);
    if (this.lapse) clearTimeout(this.lapse.timer);
    return Promise.resolve();
  }

  private freed(): void {
    for (const listener of this.listeners) listener();
  }

  private async watchLeases(now: number): Promise<void> {
    const { leaseEnds } = JSON.parse(String(await this.run('snapshot', now))) as SnapshotAnswer;
    if (leaseEnds === null || (this.lapse && this.lapse.at <= leaseEnds)) return;
    if (this.lapse) clearTimeout(this.lapse.timer);
    const timer = setTimeout(
      () => {
        this.lapse = undefined;
        this.freed();
      },
      Math.max(0, leaseEnds - now) + 1,
    );
    timer.unref();
    this.lapse = { at: leaseEnds, timer };
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.run('renew', this.clock(), String(this.options.leaseMs), ...this.held);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Runs a script, turning a Redis outage into a clear 503: without the shared budget nothing is sent. */
  private async run(script: Script, now: number, ...args: string[]): Promise<unknown> {
    try {
      return await SCRIPTS[script].run(this.options.redis, this.keys, [
        this.settings,
        String(now),
        ...args,
      ]);
    } catch (error) {
      // Redis answered with an error: a fault in the script, not an outage.
      if (isReplyError(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(
        503,
        `The shared rate budget in Redis (${this.options.where}) cannot be reached (${reason}): calls to Missive are refused until it is back, so that the gateways together stay within Missive's limits.`,
        { code: 'unavailable', headers: { 'Retry-After': '5' } },
      );
    }
  }

  private unreadable(script: Script, answer: unknown): Error {
    return new Error(`the budget's ${script} script answered ${JSON.stringify(answer)}`);
  }
}

function parseTime(value: unknown): number {
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  const time = Number(value);
  if (!Number.isFinite(time))
    throw new Error(`the shared budget answered ${JSON.stringify(value)} for a time`);
  return time;
}
