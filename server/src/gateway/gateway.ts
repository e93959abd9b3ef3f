import type { LimitsReport } from '@crm/shared/limits';
import type { RateLimits } from '@crm/shared/rate-limits';
import { MemoryBudgetStore, type BudgetStore, type Lane } from './budget';
import { CircuitBreaker } from './circuit-breaker';
import { MissiveClient } from './missive-client';
import { MemoryResponseCache, type ResponseCache } from './response-cache';
import { Scheduler } from './scheduler';
import { Upstream, type CompletedWrite, type GatewayCall, type Source } from './upstream';
import type { UpstreamResponse } from './missive-client';

export interface GatewayOptions {
  baseUrl: string;
  token: string;
  limits: RateLimits;
  backgroundShare: number;
  /** Share of the budget AI agents (the automation lane) may use; background's when unset. */
  automationShare?: number;
  /** How long an interactive request may wait to start; agents and background wait three times as long. */
  queueTimeoutMs: number;
  cacheTtlMs: number;
  /** How long a call waits for Missive's answer (MissiveClient's 20 s by default). */
  upstreamTimeoutMs?: number;
  clock?: () => number;
  /** Shared by several instances (Redis); this process's own when unset. */
  budget?: BudgetStore;
  cache?: ResponseCache;
  /** Awaited before the write is answered: what it records is in place when the caller reads next. */
  onWrite?: (write: CompletedWrite) => void | Promise<void>;
  /** Asked before each write is sent; a throw refuses it unsent (see UpstreamOptions). */
  beforeWrite?: () => Promise<void>;
  /** What the budget store failed to do in the background (a shared store unreachable). */
  onError?: (error: unknown) => void;
  /** The tightest window is nearly spent; called at most every 10 s. */
  onBudgetLow?: (remaining: number, resetsAt: number) => void;
}

export interface Gateway {
  /** Whether Missive answers at all (see CircuitBreaker). */
  breaker: CircuitBreaker;
  call: (call: GatewayCall) => Promise<{ response: UpstreamResponse; source: Source }>;
  /** Drops cached reads of these resources (webhook events). */
  invalidate: ResponseCache['invalidate'];
  limits: () => Promise<LimitsReport>;
  /** Refuses every call waiting for the budget (nothing sent); calls under way go on. */
  close: () => void;
  /**
   * Stops waiting for the calls under way (see Upstream.abandon), closing
   * first; resolves once the writes among them are audited.
   */
  abandon: () => Promise<void>;
}

const LOW_SHARE = 0.1;
const WARN_EVERY_MS = 10_000;
const LOOK_EVERY_MS = 1000;

/** The one path to Missive for the whole process: one client, one budget, one queue. */
export function createGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? Date.now;
  const client = new MissiveClient({
    baseUrl: options.baseUrl,
    token: options.token,
    ...(options.upstreamTimeoutMs === undefined ? {} : { timeoutMs: options.upstreamTimeoutMs }),
  });
  const budget =
    options.budget ??
    new MemoryBudgetStore({
      limits: options.limits,
      backgroundShare: options.backgroundShare,
      ...(options.automationShare === undefined
        ? {}
        : { automationShare: options.automationShare }),
    });
  const deadlineMs: Record<Lane, number> = {
    interactive: options.queueTimeoutMs,
    // A script can wait longer than a person looking at a spinner.
    automation: options.queueTimeoutMs * 3,
    background: options.queueTimeoutMs * 3,
  };
  const scheduler = new Scheduler({
    store: budget,
    deadlineMs,
    clock,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const cache =
    options.cache ?? new MemoryResponseCache({ maxEntries: 2000, ttlMs: options.cacheTtlMs });
  const breaker = new CircuitBreaker({ clock });
  const upstream = new Upstream({
    client,
    scheduler,
    budget,
    cache,
    breaker,
    clock,
    ...(options.onWrite ? { onWrite: options.onWrite } : {}),
    ...(options.beforeWrite ? { beforeWrite: options.beforeWrite } : {}),
    onError: options.onError ?? (() => undefined),
  });
  let lastWarning = 0;
  /** When the budget was last looked at: a shared one costs a round trip, so once a second at most. */
  let lastLook = Number.NEGATIVE_INFINITY;

  const watchBudget = async () => {
    const now = clock();
    if (
      !options.onBudgetLow ||
      now - lastWarning < WARN_EVERY_MS ||
      now - lastLook < LOOK_EVERY_MS
    ) {
      return;
    }
    lastLook = now;
    const { windows } = await budget.snapshot(now);
    for (const window of windows) {
      const remaining = window.allowed - window.used;
      if (remaining <= window.allowed * LOW_SHARE) {
        lastWarning = now;
        options.onBudgetLow(remaining, window.freesAt ?? now);
        return;
      }
    }
  };

  return {
    breaker,
    call: async (call) => {
      try {
        return await upstream.call(call);
      } finally {
        watchBudget().catch(options.onError ?? (() => undefined));
      }
    },
    invalidate: (resources) => cache.invalidate(resources),
    limits: async () => ({
      budget: await budget.snapshot(clock()),
      queues: scheduler.stats(),
      upstream: upstream.stats(),
      cache: await cache.stats(),
    }),
    close: () => {
      scheduler.close();
    },
    abandon: () => {
      // Refused first: a write still queued was never sent, its fate is known.
      scheduler.close();
      return upstream.abandon();
    },
  };
}
