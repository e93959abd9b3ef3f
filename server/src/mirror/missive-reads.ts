import type { GatewayName } from '@crm/shared/people';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeZodError } from '@crm/shared/errors';
import { endpoints, type EndpointResponse } from '@crm/shared/missive/endpoints';
import { longestWindow, type RateLimits } from '@crm/shared/rate-limits';
import { margins, type Lane } from '../gateway/budget';
import type { Gateway } from '../gateway/gateway';
import { upstreamMessage } from '../gateway/missive-client';
import { Pacer } from '../gateway/pacer';
import { HttpError } from '../http/http-error';
import type { MirrorStore } from '../store/mirror-store';
import { describePart, type Part } from './plan';

/** The agent id the sync's calls carry: its own turn in the gateway's fair queue. */
const SYNC_AGENT: GatewayName = 'sync';

/** The reads the mirror is filled with. */
export type SyncRead =
  | 'listOrganizations'
  | 'listUsers'
  | 'listTeams'
  | 'listSharedLabels'
  | 'listContactBooks'
  | 'listContactGroups'
  | 'listContacts'
  | 'listConversations'
  | 'getConversation'
  | 'listTasks'
  | 'listResponses';

/** A read that did not give the mirror anything to store; the message says what and why. */
export class SyncFailure extends Error {
  constructor(
    message: string,
    /** Missive's status, when it answered. */
    readonly status?: number,
    /**
     * The gateway had no room in the budget for it in time: agents came
     * first, as they should. Nothing failed; the read waits for its turn.
     */
    readonly deferred = false,
    /** When to ask again (Retry-After, seconds), when the gateway or Missive said. */
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export interface MissiveReadsOptions {
  gateway: Pick<Gateway, 'call'>;
  store: MirrorStore;
  /** Share of the longest rate window the sync may spend (SYNC_BUDGET_SHARE). */
  budgetShare: number;
  limits: RateLimits;
  clock?: () => number;
}

/**
 * The burst the sync may spend at once, as a share of its own: a fifth, the
 * demo's whole first load (31 calls) at the default share, leaving four
 * fifths of it for the steady rate that keeps the mirror fresh.
 */
const SYNC_BURST = 0.2;

/**
 * The sync's own pacer over the longest window (none with one window). The
 * gateway's pacer spreads the whole team's use of that window; this one keeps
 * the sync within its share of it in every span, as the gateway counts spans,
 * so that the sync, which always has more to read, runs at a steady rate
 * instead of spending its share early and then stalling at the window's wall
 * with people's background reads (analytics reports) stalled behind it.
 */
export function syncPacer(limits: RateLimits, budgetShare: number): Pacer | undefined {
  const longest = longestWindow(limits);
  if (!longest) return undefined;
  const { allowed, spanMs } = margins(longest.limit, longest.windowMs);
  const mine = allowed * budgetShare;
  return new Pacer({ allowed: mine, spanMs, burst: mine * SYNC_BURST });
}

/**
 * The mirror's way to Missive: every read through the gateway (so the team's
 * one budget and the background lane apply), paced to the sync's own share
 * of the longest window, counted against the part it was for, and checked
 * against the endpoint's response schema before anything is stored.
 */
export class MissiveReads {
  private readonly options: MissiveReadsOptions;
  private readonly clock: () => number;
  private readonly pacer: Pacer | undefined;

  constructor(options: MissiveReadsOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
    this.pacer = syncPacer(options.limits, options.budgetShare);
  }

  async read<N extends SyncRead>(
    part: Part,
    name: N,
    {
      query = {},
      params = {},
      lane = 'background',
      agent = SYNC_AGENT,
      signal,
    }: {
      query?: Record<string, string>;
      params?: Record<string, string>;
      lane?: Lane;
      agent?: string;
      signal?: AbortSignal | undefined;
    },
  ): Promise<EndpointResponse<N>> {
    const endpoint = endpoints[name];
    // The mirror builds its own requests: a refusal here is a bug in it, not in Missive.
    for (const [part, schema, value] of [
      ['path', endpoint.params, params],
      ['query', endpoint.query, query],
    ] as const) {
      const checked = schema.safeParse(value);
      if (!checked.success) {
        throw new Error(
          `the mirror built a bad ${name} ${part}: ${describeZodError(checked.error)}`,
        );
      }
    }
    if (lane === 'background') await this.pace(signal);
    const what = `${name} for ${describePart(part)}`;
    let answer;
    try {
      answer = await this.options.gateway.call({
        name,
        params,
        query,
        body: undefined,
        agent,
        lane,
        fresh: true,
      });
    } catch (error) {
      // The gateway's own refusals (queue deadline, Missive unreachable) are worth retrying later.
      if (error instanceof HttpError)
        throw new SyncFailure(
          `${what}: ${error.message}`,
          error.status,
          error.code === 'overloaded',
          error.headers['Retry-After'],
        );
      throw error;
    }
    const { response, source } = answer;
    if (source === 'upstream') await this.options.store.addCalls(part.object, part.scope, 1);
    if (response.status !== 200) {
      const message = upstreamMessage(response.body);
      throw new SyncFailure(
        `${what}: Missive answered ${response.status}${message ? ` (${message})` : ''}`,
        response.status,
        false,
        response.retryAfter ?? undefined,
      );
    }
    const parsed = endpoint.response.safeParse(response.body);
    if (!parsed.success) {
      throw new SyncFailure(
        `${what}: Missive's answer does not have the expected shape, so nothing was stored: ${describeZodError(parsed.error)}`,
      );
    }
    // Parsed by endpoints[name]'s own schema; TypeScript cannot tie a generic
    // key to the schema it selects, so it is told.
    return parsed.data as EndpointResponse<N>;
  }

  private async pace(signal: AbortSignal | undefined): Promise<void> {
    if (!this.pacer) return;
    const now = this.clock();
    const at = this.pacer.availableAt(now, 0);
    if (at > now) await sleep(at - now, undefined, signal ? { signal } : {});
    this.pacer.take(this.clock());
  }
}
