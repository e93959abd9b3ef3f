import type { SyncObject } from '@crm/shared/sync';
import type { CountryCode } from 'libphonenumber-js';
import type { RateLimits } from '@crm/shared/rate-limits';
import type { Config } from '../config/config';
import type { Gateway } from '../gateway/gateway';
import type { MirrorStore } from '../store/mirror-store';
import { Freshness } from './freshness';
import { createMirrorReader, type MirrorReader } from './mirror-reader';
import type { OwnAddresses } from './participants';
import { MissiveReads } from './missive-reads';
import { SyncEngine } from './sync-engine';
import { Threads } from './threads';

export interface MirrorOptions {
  store: MirrorStore;
  gateway: Pick<Gateway, 'call'>;
  /** MISSIVE_RATE_LIMITS: the sync's share is of the longest window. */
  limits: RateLimits;
  /** SYNC_BUDGET_SHARE. */
  budgetShare: number;
  /** SYNC_INTERVAL_S, in ms. */
  intervalMs: number;
  /** PHONE_DEFAULT_REGION: where numbers written without a country code are. */
  region?: CountryCode | undefined;
  /** OWN_ADDRESSES: the team's own addresses and numbers the mirror cannot learn. */
  ownAddresses?: OwnAddresses | undefined;
  backoffMs?: { first: number; max: number };
  clock?: () => number;
  /** Missive failed to answer a read; the sync retries it. */
  onWarning?: (message: string) => void;
  /** Anything else that went wrong; the sync carries on. */
  onError?: (error: unknown) => void;
  /** Several instances: another one runs the sync (it leads), so this one's is not missed. */
  syncedElsewhere?: () => boolean;
  /** The background sync took in changes made elsewhere (see SyncEngineOptions.onChanged). */
  onChanged?: (objects: SyncObject[]) => void;
}

/**
 * The mirror's faces: what reads it, what keeps conversations' own lists,
 * what fills it, what keeps it fresh in between.
 */
export interface Mirror {
  reader: MirrorReader;
  threads: Threads;
  sync: SyncEngine;
  freshness: Freshness;
}

/** The mirror's settings from the configuration. */
export function syncSettings(
  config: Config,
): Pick<MirrorOptions, 'limits' | 'budgetShare' | 'intervalMs' | 'region' | 'ownAddresses'> {
  return {
    limits: config.MISSIVE_RATE_LIMITS,
    budgetShare: config.SYNC_BUDGET_SHARE,
    intervalMs: config.SYNC_INTERVAL_S * 1000,
    region: config.PHONE_DEFAULT_REGION,
    ownAddresses: config.OWN_ADDRESSES,
  };
}

/**
 * The mirror of one Missive organisation (`source`, see connectMissive): a
 * store that mirrored another (the demo, before a token was set) is emptied
 * first, and the sync loads it again.
 */
export async function openMirror(
  options: MirrorOptions & { source: string; onNotice?: (message: string) => void },
): Promise<Mirror> {
  const previous = await options.store.useSource(options.source);
  if (previous !== undefined) {
    options.onNotice?.(
      `the mirror held a copy of ${previous}; it was emptied to mirror ${options.source}`,
    );
  }
  return createMirror(options);
}

export function createMirror(options: MirrorOptions): Mirror {
  const { store, region, clock } = options;
  const reads = new MissiveReads({
    gateway: options.gateway,
    store,
    budgetShare: options.budgetShare,
    limits: options.limits,
    ...(clock ? { clock } : {}),
  });
  const sync = new SyncEngine({
    store,
    reads,
    intervalMs: options.intervalMs,
    region,
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    ...(clock ? { clock } : {}),
    onFailure: (_part, error) => {
      options.onWarning?.(`sync failed, will retry after a pause: ${error.message}`);
    },
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onChanged ? { onChanged: options.onChanged } : {}),
  });
  const freshness = new Freshness({
    store,
    reads,
    region,
    ...(clock ? { clock } : {}),
    onFailure: (error) => {
      options.onWarning?.(`refresh after a webhook failed: ${error.message}`);
    },
    onWebhook: () => {
      sync.webhookHeard();
    },
  });
  const reader = createMirrorReader({
    store,
    region,
    budgetShare: options.budgetShare,
    intervalS: options.intervalMs / 1000,
    running: () => sync.isRunning() || (options.syncedElsewhere?.() ?? false),
    ownAddresses: options.ownAddresses,
    ...(clock ? { clock } : {}),
  });
  return { reader, threads: new Threads(store, reader, clock), sync, freshness };
}
