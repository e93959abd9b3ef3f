import type { EndpointName, HttpMethod } from '@crm/shared/missive/endpoints';

/**
 * What the gateway keeps: the audit log of every write it made to Missive
 * and the webhook events it received. Behind this interface so that the
 * embedded SQLite store can give way to PostgreSQL when several gateway
 * instances share one token.
 */

export interface AuditEntry {
  id: number;
  /** Milliseconds since the epoch. */
  at: number;
  /** Who made the write: the person whose access key it was (or a part of the gateway, e.g. its setup). */
  agent: string | null;
  endpoint: EndpointName;
  method: HttpMethod;
  /** The Missive path called, e.g. /contacts/ab12. */
  path: string;
  requestBody: unknown;
  /** The record as it was just before the write, when the caller read it first (for undo). */
  before?: unknown;
  /** Missive's answer status; null when it never answered (timeout, unreachable). */
  upstreamStatus: number | null;
  /** Ids of the records the write created or changed, read from Missive's answer. */
  resultIds: string[];
  /** Why it failed, when it did. */
  error: string | null;
}
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface WebhookEvent {
  id: number;
  receivedAt: number;
  /** SHA-256 of the raw body: Missive resends the same bytes, so equal digests are redeliveries. */
  digest: string;
  ruleId: string | null;
  ruleType: string | null;
  conversationId: string | null;
  payload: unknown;
}
export type NewWebhookEvent = Omit<WebhookEvent, 'id'>;

export interface Page {
  limit: number;
  /** Only entries with an id below this one (newest first). */
  before?: number | undefined;
}

export interface Store {
  recordAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; `agent`: only that person's writes. */
  listAudit(page: Page & { agent?: string | undefined }): Promise<AuditEntry[]>;
  getAudit(id: number): Promise<AuditEntry | undefined>;
  /** Stores an event unless one with the same digest exists; `stored` says which. */
  saveWebhookEvent(event: NewWebhookEvent): Promise<{ stored: boolean; event: WebhookEvent }>;
  listWebhookEvents(page: Page): Promise<WebhookEvent[]>;
  close(): Promise<void>;
}
