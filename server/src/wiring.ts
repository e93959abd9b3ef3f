import { z } from 'zod';
import type { Resource } from '@crm/shared/missive/endpoints';
import { endpoints } from '@crm/shared/missive/endpoints';
import type { EventHub } from './events/event-hub';
import { liveEventsFromWebhook } from './events/from-webhook';
import type { Gateway } from './missive/gateway';
import type { CompletedWrite } from './missive/upstream';
import type { NewAuditEntry, Store, WebhookEvent } from './store/types';

/**
 * How the gateway's parts talk to each other: writes become audit entries,
 * webhook events drop cached reads and reach open clients.
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
    agent: write.call.agent === 'anonymous' ? null : write.call.agent,
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

/** What a conversation event may have changed, as far as cached reads go. */
const CONVERSATION_RESOURCES: readonly Resource[] = [
  'conversations',
  'messages',
  'comments',
  'drafts',
  'posts',
  'tasks',
];

export function handleWebhookEvent(
  event: WebhookEvent,
  { gateway, hub }: { gateway: Gateway; hub: EventHub },
): void {
  gateway.invalidate(
    event.ruleType === 'label_change'
      ? [...CONVERSATION_RESOURCES, 'shared_labels']
      : CONVERSATION_RESOURCES,
  );
  for (const live of liveEventsFromWebhook(event)) hub.publish(live);
}

export function recordWrite(
  store: Store,
  write: CompletedWrite,
  onError: (error: unknown) => void,
): void {
  store.recordAudit(auditEntry(write, Date.now())).catch(onError);
}
