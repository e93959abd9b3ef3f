import { createHmac } from 'node:crypto';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import type { WebhookPayload } from '@crm/shared/missive/hooks';
import { createErrorHandler } from '../http/error-handler';
import { listen, type Listening } from '../http/listen';
import type { AuditEntry, NewWebhookEvent, Store, WebhookEvent } from '../store/types';
import { createWebhookRoute } from './webhooks';

const SECRET = 'webhook-test-secret-0123456789';
const SMALL_LIMIT = 1024;

/** Just enough of a Store: webhook events deduplicated by digest, like the real one. */
class MemoryStore implements Store {
  readonly events: WebhookEvent[] = [];

  recordAudit(): Promise<AuditEntry> {
    return Promise.reject(new Error('not used by the webhook route'));
  }
  listAudit(): Promise<AuditEntry[]> {
    return Promise.resolve([]);
  }
  getAudit(): Promise<AuditEntry | undefined> {
    return Promise.resolve(undefined);
  }
  saveWebhookEvent(event: NewWebhookEvent): Promise<{ stored: boolean; event: WebhookEvent }> {
    const existing = this.events.find((known) => known.digest === event.digest);
    if (existing) return Promise.resolve({ stored: false, event: existing });
    const saved = { ...event, id: this.events.length + 1 };
    this.events.push(saved);
    return Promise.resolve({ stored: true, event: saved });
  }
  listWebhookEvents(): Promise<WebhookEvent[]> {
    return Promise.resolve([...this.events].reverse());
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const payload: WebhookPayload = {
  rule: { id: 'rule-1', description: 'labels', type: 'label_change' },
  conversation: {
    id: 'conv-1',
    subject: 'Refund',
    latest_message_subject: 'Re: Refund',
    organization: { id: 'org-1', name: 'Acme' },
    color: null,
    assignees: [],
    users: [],
    attachments_count: 0,
    messages_count: 2,
    authors: [{ name: 'Ada', address: 'ada@example.com' }],
    drafts_count: 0,
    send_later_messages_count: 0,
    tasks_count: 0,
    completed_tasks_count: 0,
    web_url: 'https://mail.missiveapp.com/#inbox/conversations/conv-1',
    app_url: 'missive://mail.missiveapp.com/#inbox/conversations/conv-1',
    assignee_names: '',
    assignee_emails: '',
    shared_label_names: 'VIP',
    team: null,
    shared_labels: [{ id: 'label-1', name: 'VIP' }],
  },
};
const body = JSON.stringify(payload);

function sign(bytes: string, secret = SECRET): string {
  return createHmac('sha256', secret).update(bytes).digest('hex');
}

const store = new MemoryStore();
let onEvent: (event: WebhookEvent) => void | Promise<void>;
let delivered: WebhookEvent[];
let errors: unknown[];
let mismatches: string[];
let server: Listening;
let base: string;

function route(options: { secret: string | undefined; maxBytes?: number }) {
  return createWebhookRoute({
    ...options,
    store,
    // Through a closure, so a test can swap what acting on an event does;
    // settle()'s sentinels stop here.
    onEvent: (event) => {
      const sentinel = event.conversationId?.startsWith(SENTINEL)
        ? sentinelsActedOn.get(event.conversationId)
        : undefined;
      if (sentinel) {
        sentinel();
        return;
      }
      return onEvent(event);
    },
    onError: (error) => errors.push(error),
    onSchemaMismatch: (message) => mismatches.push(message),
  });
}

beforeAll(async () => {
  const app = express();
  app.use('/webhooks', route({ secret: SECRET }));
  app.use('/unconfigured', route({ secret: undefined }));
  app.use('/small', route({ secret: SECRET, maxBytes: SMALL_LIMIT }));
  app.use(createErrorHandler((error) => errors.push(error)));
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  store.events.length = 0;
  delivered = [];
  errors = [];
  mismatches = [];
  onEvent = (event) => {
    delivered.push(event);
  };
});

async function post(
  bytes: string,
  signature: string | null,
  path = '/webhooks/missive',
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== null) headers['X-Hook-Signature'] = signature;
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: bytes });
  return { status: response.status, json: await response.json() };
}

/** Events the tests deliver only to know when the work before them has run: never asserted on. */
const SENTINEL = 'sentinel-';
const sentinelsActedOn = new Map<string, () => void>();
let sentinels = 0;

/**
 * Waits for a positive signal rather than a fixed time before asserting that
 * a delivery was not acted on: a fresh event, delivered after it, is acted
 * on. Work follows each answer in the order the answers went, so by then any
 * work the earlier delivery started has started too.
 */
async function settle(): Promise<void> {
  const id = `${SENTINEL}${String(++sentinels)}`;
  const bytes = JSON.stringify({ ...payload, conversation: { ...payload.conversation, id } });
  const actedOn = new Promise<void>((resolve) => {
    sentinelsActedOn.set(id, resolve);
  });
  expect((await post(bytes, sign(bytes))).status).toBe(200);
  await actedOn;
  const stored = store.events.findIndex((event) => event.conversationId === id);
  store.events.splice(stored, 1);
}

function expectEnvelope(json: unknown, code: string): string {
  const envelope = errorEnvelopeSchema.parse(json);
  expect(envelope.error.code).toBe(code);
  return envelope.error.message;
}

describe('POST /webhooks/missive', () => {
  it.each([
    ['plain hex', sign(body)],
    ['sha256= prefixed', `sha256=${sign(body)}`],
    ['uppercase hex', sign(body).toUpperCase()],
  ])('accepts a valid signature (%s), stores the event once and acts on it', async (_, sig) => {
    const answer = await post(body, sig);
    expect(answer).toEqual({ status: 200, json: { ok: true, duplicate: false } });
    expect(store.events).toHaveLength(1);
    expect(store.events[0]).toMatchObject({
      ruleId: 'rule-1',
      ruleType: 'label_change',
      conversationId: 'conv-1',
      payload,
    });
    await vi.waitFor(() => {
      expect(delivered).toEqual(store.events);
    });
    expect(mismatches).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('answers a redelivery of the same bytes as a duplicate and does not act on it again', async () => {
    const first = await post(body, sign(body));
    const again = await post(body, `sha256=${sign(body)}`);
    expect(first.json).toEqual({ ok: true, duplicate: false });
    expect(again).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    expect(store.events).toHaveLength(1);
    await settle();
    expect(delivered).toHaveLength(1);
  });

  it.each([
    ['a forged signature', sign(body, 'not-the-secret-at-all')],
    ['the signature of another body', sign(`${body} `)],
    ['garbage', 'sha256=not-hex-at-all'],
    ['hex of the wrong length', sign(body).slice(0, 62)],
    ['a bare prefix', 'sha256='],
  ])('refuses %s with 401 and stores nothing', async (_, signature) => {
    const answer = await post(body, signature);
    expect(answer.status).toBe(401);
    const message = expectEnvelope(answer.json, 'unauthorized');
    expect(message.toLowerCase()).not.toContain(sign(body));
    expect(store.events).toEqual([]);
    await settle();
    expect(delivered).toEqual([]);
  });

  it('refuses a delivery without a signature', async () => {
    const answer = await post(body, null);
    expect(answer.status).toBe(401);
    expectEnvelope(answer.json, 'unauthorized');
    expect(store.events).toEqual([]);
  });

  it('refuses every delivery when no secret is configured', async () => {
    const answer = await post(body, sign(body), '/unconfigured/missive');
    expect(answer.status).toBe(401);
    expectEnvelope(answer.json, 'unauthorized');
    expect(store.events).toEqual([]);
  });

  it('verifies the raw bytes: the same JSON re-serialised does not match', async () => {
    const reformatted = JSON.stringify(payload, null, 2);
    expect(JSON.parse(reformatted)).toEqual(payload);
    const answer = await post(reformatted, sign(body));
    expect(answer.status).toBe(401);
    expect(store.events).toEqual([]);
  });

  it('answers 400 for a signed body that is not JSON, storing nothing', async () => {
    const answer = await post('{"rule": ', sign('{"rule": '));
    expect(answer.status).toBe(400);
    expectEnvelope(answer.json, 'bad_request');
    expect(store.events).toEqual([]);
  });

  it('answers 400 for a signed body nested too deep, storing nothing and never crashing', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const answer = await post(deep, sign(deep));
    expect(answer.status).toBe(400);
    expectEnvelope(answer.json, 'bad_request');
    expect(store.events).toEqual([]);
  });

  it('answers 413 for a body over the limit', async () => {
    const big = JSON.stringify({ ...payload, padding: 'x'.repeat(SMALL_LIMIT) });
    const answer = await post(big, sign(big), '/small/missive');
    expect(answer.status).toBe(413);
    expectEnvelope(answer.json, 'payload_too_large');
    expect(store.events).toEqual([]);
  });

  it('stores a payload that does not match the schema, with what it can identify', async () => {
    const partial = JSON.stringify({ rule: { id: 'rule-2' }, conversation: { id: 'conv-2' } });
    const answer = await post(partial, sign(partial));
    expect(answer).toEqual({ status: 200, json: { ok: true, duplicate: false } });
    expect(store.events[0]).toMatchObject({
      ruleId: 'rule-2',
      ruleType: null,
      conversationId: 'conv-2',
    });
    await vi.waitFor(() => {
      expect(delivered).toHaveLength(1);
    });
    expect(mismatches).toHaveLength(1);
  });

  it('answers without waiting for the work the event triggers', async () => {
    let release = () => {};
    onEvent = (event) =>
      new Promise<void>((resolve) => {
        delivered.push(event);
        release = resolve;
      });
    const answer = await post(body, sign(body));
    expect(answer.status).toBe(200);
    await vi.waitFor(() => {
      expect(delivered).toHaveLength(1);
    });
    release();
  });

  it('answers 200 even when acting on the event fails, and reports the failure', async () => {
    const failure = new Error('the hub is gone');
    onEvent = () => Promise.reject(failure);
    const answer = await post(body, sign(body));
    expect(answer).toEqual({ status: 200, json: { ok: true, duplicate: false } });
    await vi.waitFor(() => {
      expect(errors).toEqual([failure]);
    });
    expect(store.events).toHaveLength(1);
  });
});
