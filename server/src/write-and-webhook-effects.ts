import { z } from 'zod';
import { CONVERSATION_RESOURCES } from '@crm/shared/events';
import { endpoints } from '@crm/shared/missive/endpoints';
import type { EventHub } from './events/event-hub';
import { liveEventsFromWebhook } from './events/from-webhook';
import type { Gateway } from './gateway/gateway';
import type { CompletedWrite } from './gateway/upstream';
import { HttpError } from './http/http-error';
import type { Freshness } from './mirror/freshness';
import type { StoreWithMirror } from './store/kysely-store';
import type { NewAuditEntry, Store, WebhookEvent } from './store/types';

/**
 * What follows a write and a webhook event: a write becomes an audit entry
 * and reaches the mirror; a webhook event drops cached reads, refreshes the
 * mirror and reaches open clients.
 */

const withId = z.looseObject({ id: z.string() });

/** Ids of what a write created or changed, from Missive's `{resource: {...} | [...]}` answer. */
export function resultIds(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.values(body).flatMap((value: unknown) =>
    (Array.isArray(value) ? value : [value]).flatMap((item: unknown) => {
      const parsed = withId.safeParse(item);
      return parsed.success ? [parsed.data.id] : [];
    }),
  );
}

export function auditEntry(write: CompletedWrite, at: number): NewAuditEntry {
  const status = write.response?.status ?? null;
  return {
    at,
    agent: write.call.agent,
    endpoint: write.call.name,
    method: endpoints[write.call.name].method,
    path: write.path,
    requestBody: write.call.body,
    before: write.call.before,
    upstreamStatus: status,
    resultIds: status !== null && status < 300 ? resultIds(write.response?.body) : [],
    error: write.error ?? (status !== null && status >= 300 ? `Missive answered ${status}` : null),
  };
}

export async function handleWebhookEvent(
  event: WebhookEvent,
  {
    gateway,
    hub,
    mirror,
  }: { gateway: Gateway; hub: EventHub; mirror?: Pick<Freshness, 'onWebhookEvent'> },
): Promise<void> {
  // First, so that the mirror's refresh reads Missive rather than the cache.
  // The same list the client refetches by (shared/src/events.ts's staleAfter).
  // A cache it could not reach (Redis down) is no reason to skip the rest:
  // its entries lapse with their time to live; the failure is reported last.
  let cacheFailure: Error | undefined;
  try {
    await gateway.invalidate(
      event.ruleType === 'label_change'
        ? [...CONVERSATION_RESOURCES, 'shared_labels']
        : CONVERSATION_RESOURCES,
    );
  } catch (error) {
    cacheFailure = error instanceof Error ? error : new Error(String(error));
  }
  try {
    await mirror?.onWebhookEvent(event);
  } finally {
    // After the refresh, so that clients refetching on the event read the new record.
    for (const live of liveEventsFromWebhook(event)) hub.publish(live);
  }
  if (cacheFailure) throw cacheFailure;
}

/**
 * Both awaited (see UpstreamOptions.onWrite): the mirror, so that a client
 * reading right after its write sees it; the audit row, so that it is in the
 * store before a shutdown, which waits for every write, closes the store.
 */
export async function recordWrite(
  store: Pick<Store, 'recordAudit'>,
  write: CompletedWrite,
  onError: (error: unknown) => void,
  mirror?: Pick<Freshness, 'onWrite'>,
): Promise<void> {
  await Promise.all([
    store.recordAudit(auditEntry(write, Date.now())).catch(onError),
    mirror?.onWrite(write).catch(onError),
  ]);
}

/**
 * Every write is audited, so none is sent while the store is down: it would
 * reach Missive with no record of who made it, nor a way to undo it. Reads
 * go on (from the cache, the mirror where it answers, and Missive).
 */
export async function auditableWrites(store: Pick<StoreWithMirror, 'ping'>): Promise<void> {
  try {
    await store.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpError(
      503,
      `${reason}: writes are refused until it is back, because they could not be recorded in the audit log. Nothing was sent to Missive.`,
      { code: 'unavailable', headers: { 'Retry-After': '5' } },
    );
  }
}
