import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { z } from 'zod';
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
import {
  ACQUIRE,
  NEXT_START,
  PAUSE,
  RELEASE,
  RENEW,
  RESEED,
  SNAPSHOT,
} from './redis-budget-scripts';

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
  /**
   * Room freed by another instance: `announce` tells them, `listen` hears
   * them (the bus) and returns how to stop.
   */
  announce?: () => void;
  listen?: (listener: () => void) => () => void;
  /**
   * Whose clock the budget runs on: Redis's (the default: one clock for every
   * instance, whatever theirs say), or the `now` each caller passes (tests
   * that move time by hand).
   */
  time?: 'redis' | 'caller';
  /** This instance, in its tickets: whose a held slot is. */
  instance?: string;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/** What the scripts answer, checked: anyone with access to the Redis could have written the keys. */
const reseedAnswer = z.tuple([z.literal('reseed')]);
const acquireAnswer = z.union([
  reseedAnswer,
  z.tuple([z.literal(1), z.string(), z.string()]),
  z.tuple([z.literal(0), z.string(), z.string()]),
  z.tuple([z.literal(0), z.literal('inf'), z.string(), z.string()]),
]);
const nextStartAnswer = z.union([reseedAnswer, z.tuple([z.string(), z.string()])]);
const snapshotAnswer = z.object({
  // cjson writes an empty Lua table as {}: no windows.
  windows: z.union([
    z.array(
      z.object({
        used: z.number(),
        usedByAutomation: z.number(),
        usedByBackground: z.number(),
        freesAt: z.number().nullable(),
      }),
    ),
    z.object({}).transform(() => []),
  ]),
  inFlight: z.number(),
  pausedUntil: z.number(),
  tokens: z.number().nullable(),
  leaseEnds: z.number().nullable(),
  now: z.number(),
});
type SnapshotAnswer = z.infer<typeof snapshotAnswer>;

/** This instance's own start, kept to be put back should Redis lose the budget. */
interface OwnStart {
  id: string;
  lane: Lane;
  /** In the budget's time (Redis's clock). */
  at: number;
}

type Script = 'acquire' | 'nextStart' | 'release' | 'pause' | 'renew' | 'reseed' | 'snapshot';
const SCRIPTS: Record<Script, RedisScript> = {
  reseed: new RedisScript(RESEED),
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
 * a 429, each step one atomic script on Redis's clock. A slot is a lease
 * renewed while its request runs, so one held by an instance that died
 * frees itself. Each instance also keeps its own recent starts: should Redis
 * lose the budget (restarted empty, flushed, failed over), they are put back
 * before anyone is admitted on a budget that forgot them (see RESEED).
 */
export class RedisBudgetStore implements BudgetStore {
  private readonly options: RedisBudgetOptions;
  private readonly keys: string[];
  private readonly settings: string;
  private readonly shares: { automation: number; background: number };
  private readonly pacing: { capacity: number; perSecond: number } | null;
  private readonly longestSpan: number;
  private readonly instance: string;
  private readonly clock: () => number;
  /** The epoch of the budget's state this instance last saw (see redis-budget-scripts.ts). */
  private epoch = '';
  /** Tickets this instance holds, whose leases it renews. */
  private readonly held = new Set<string>();
  /** Its starts still inside the longest window, oldest first. */
  private starts: OwnStart[] = [];
  private readonly renewal: NodeJS.Timeout;
  private readonly listeners: (() => void)[] = [];
  private readonly unlisten: (() => void) | undefined;
  /** Wakes waiting schedulers when the first lease could lapse (an instance that died holding it). */
  private lapse: { at: number; timer: NodeJS.Timeout } | undefined;

  constructor(options: RedisBudgetOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    this.instance = (options.instance ?? `${hostname()}-${process.pid}`).replace(/:/g, '-');
    const base = `${options.prefix}:{budget}`;
    this.keys = [
      'starts',
      'starts:automation',
      'starts:background',
      'slots',
      'pause',
      'bucket',
      'epoch',
      'waiting',
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
    this.longestSpan = Math.max(0, ...windows.map((window) => window.span));
    this.settings = JSON.stringify({
      concurrent: options.limits.concurrent,
      windows,
      longestSpan: this.longestSpan,
      shares: this.shares,
      // Left out when off: cjson reads a JSON null as a value that is true in Lua.
      pacer: pacer ? { capacity: pacer.capacity, perMs: pacer.perMs } : undefined,
    });
    // A third of the lease: two renewals may fail (a blip) before a slot
    // lapses. It also notices a budget Redis lost while this instance is idle.
    this.renewal = setInterval(
      () => {
        void this.renew();
      },
      Math.max(100, Math.floor(options.leaseMs / 3)),
    );
    this.renewal.unref();
    this.unlisten = options.listen?.(() => {
      this.freed();
    });
  }

  async tryAcquire(now: number, lane: Lane): Promise<Acquired> {
    const id = `${lane}:${this.instance}:${randomBytes(8).toString('hex')}`;
    const answer = acquireAnswer.parse(
      await this.run('acquire', now, lane, id, String(this.options.leaseMs), this.instance),
    );
    if (answer[0] === 'reseed') throw new Error('the budget was reseeded twice in a row');
    const [admitted, value, at, leaseEnds] = answer;
    if (admitted === 1) {
      this.held.add(id);
      this.starts.push({ id, lane, at: Number(at) });
      return { ok: true, ticket: { lane, id } };
    }
    // Full of slots: a release anywhere is announced, but one that died
    // holding its slot announces nothing, so look again when its lease lapses.
    if (leaseEnds) this.watchLease(this.toCaller(Number(leaseEnds), Number(at), now), now);
    return { ok: false, retryAt: this.toCaller(parseTime(value), Number(at), now) };
  }

  async nextStart(now: number, lane: Lane): Promise<number> {
    const answer = nextStartAnswer.parse(await this.run('nextStart', now, lane));
    if (answer[0] === 'reseed') throw new Error('the budget was reseeded twice in a row');
    return this.toCaller(parseTime(answer[0]), Number(answer[1]), now);
  }

  async release(ticket: Ticket, sent: boolean, now: number): Promise<void> {
    this.held.delete(ticket.id);
    if (!sent) this.starts = this.starts.filter((start) => start.id !== ticket.id);
    await this.run('release', now, ticket.lane, ticket.id, sent ? '1' : '0');
    this.options.announce?.();
  }

  /**
   * Missive's wait, as a distance from now on this instance's clock, since
   * the budget keeps Redis's; on the callers' clock, the time itself.
   */
  async pauseUntil(until: number): Promise<void> {
    if (this.options.time === 'caller') {
      await this.run('pause', until, '0');
      return;
    }
    const now = this.clock();
    await this.run('pause', now, String(Math.max(0, until - now)));
  }

  async snapshot(now: number): Promise<BudgetSnapshot> {
    const parsed = await this.readSnapshot(now);
    const local = (time: number | null) =>
      time === null ? null : this.toCaller(time, parsed.now, now);
    return {
      concurrent: this.options.limits.concurrent,
      inFlight: parsed.inFlight,
      shares: { ...this.shares },
      pausedUntil: local(parsed.pausedUntil || null) ?? 0,
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
          freesAt: local(used?.freesAt ?? null),
        };
      }),
    };
  }

  onFreed(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Stops renewing and listening: the slots still held lapse with their leases. */
  close(): Promise<void> {
    clearInterval(this.renewal);
    this.unlisten?.();
    if (this.lapse) clearTimeout(this.lapse.timer);
    return Promise.resolve();
  }

  private freed(): void {
    for (const listener of this.listeners) listener();
  }

  private async readSnapshot(now: number): Promise<SnapshotAnswer> {
    const answer = await this.run('snapshot', now);
    if (typeof answer !== 'string') throw this.unreadable('snapshot', answer);
    return snapshotAnswer.parse(JSON.parse(answer));
  }

  /** Wakes the schedulers when the lease ending at `ends` (the caller's clock) lapses. */
  private watchLease(ends: number, now: number): void {
    if (this.lapse && this.lapse.at <= ends) return;
    if (this.lapse) clearTimeout(this.lapse.timer);
    const timer = setTimeout(
      () => {
        this.lapse = undefined;
        this.freed();
      },
      Math.max(0, ends - now) + 1,
    );
    timer.unref();
    this.lapse = { at: ends, timer };
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0 && this.starts.length === 0) return;
    try {
      await this.run('renew', this.clock(), String(this.options.leaseMs), ...this.held);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /**
   * A time the budget gave (Redis's clock, read at `at`) on the caller's
   * clock, read at `now`: the same distance from the present.
   */
  private toCaller(time: number, at: number, now: number): number {
    return Number.isFinite(time) ? now + (time - at) : time;
  }

  /**
   * Runs a script; when the budget's state is not the one this instance
   * knows (Redis lost it, or this instance just started), puts back its own
   * starts and slots first and runs it again. A Redis outage becomes a clear
   * 503: without the shared budget nothing is sent.
   */
  private async run(script: Script, now: number, ...args: string[]): Promise<unknown> {
    try {
      const answer = await this.once(script, now, args);
      if (!isReseed(answer)) return answer;
      await this.reseed(now);
      return await this.once(script, now, args);
    } catch (error) {
      // Redis answered with an error: a fault in the script, not an outage.
      if (isReplyError(error) || error instanceof z.ZodError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(
        503,
        `The shared rate budget in Redis (${this.options.where}) cannot be reached (${reason}): calls to Missive are refused until it is back, so that the gateways together stay within Missive's limits.`,
        { code: 'unavailable', headers: { 'Retry-After': '5' } },
      );
    }
  }

  private once(script: Script, now: number, args: readonly string[]): Promise<unknown> {
    const time = this.options.time === 'caller' ? String(now) : '';
    return SCRIPTS[script].run(this.options.redis, this.keys, [
      this.settings,
      time,
      this.epoch,
      ...args,
    ]);
  }

  private async reseed(now: number): Promise<void> {
    const latest = this.starts.at(-1)?.at ?? 0;
    this.starts = this.starts.filter((start) => start.at > latest - this.longestSpan);
    const knewOne = this.epoch === '' ? '0' : '1';
    const epoch = await this.once('reseed', now, [
      randomBytes(8).toString('hex'),
      knewOne,
      String(this.options.leaseMs),
      String(this.starts.length),
      ...this.starts.flatMap((start) => [start.id, String(start.at), start.lane]),
      ...this.held,
    ]);
    if (typeof epoch !== 'string') throw this.unreadable('reseed', epoch);
    this.epoch = epoch;
  }

  private unreadable(script: Script, answer: unknown): Error {
    return new Error(`the budget's ${script} script answered ${JSON.stringify(answer)}`);
  }
}

function isReseed(answer: unknown): boolean {
  return reseedAnswer.safeParse(answer).success;
}

function parseTime(value: unknown): number {
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  const time = Number(value);
  if (!Number.isFinite(time))
    throw new Error(`the shared budget answered ${JSON.stringify(value)} for a time`);
  return time;
}
