import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import { hookResponse } from '@crm/shared/missive/hooks';
import { sharedLabelsResponse } from '@crm/shared/missive/labels';
import { organizationsResponse } from '@crm/shared/missive/people';
import { webhookEventListResponse } from '@crm/shared/webhook-events';
import { requireAuth } from '../auth/require-auth';
import { KeyGuesses } from '../auth/key-guesses';
import { People } from '../auth/people';
import { SessionTokens } from '../auth/sessions';
import { createErrorHandler } from '../http/error-handler';
import { listen, type Listening } from '../http/listen';
import {
  ACCESS_KEY,
  WEBHOOK_SECRET,
  startGatewayHarness,
  type GatewayHarness,
} from '../test/gateway-harness';
import { createWebhookEventsRoute } from './webhook-events';

/**
 * `GET /api/webhook-events` over HTTP, fed by real deliveries: a hook is
 * registered through the gateway (as the operations page does), the emulator
 * delivers a signed label change to the gateway's /webhooks/missive, and the
 * route lists what the store kept. The route is mounted here behind the same
 * authentication as in app.ts, on the harness's store.
 */

let harness: GatewayHarness;
let server: Listening;
let base: string;
const errors: unknown[] = [];

beforeAll(async () => {
  harness = await startGatewayHarness();
  const app = express();
  app.set('query parser', 'simple');
  const sessions = new SessionTokens({ accessKey: ACCESS_KEY, ttlMs: 60_000 });
  const people = await People.open({
    store: harness.store.keys,
    bootstrapKey: ACCESS_KEY,
    onError: (error) => errors.push(error),
  });
  app.use('/api', requireAuth({ people, sessions, guesses: new KeyGuesses() }));
  app.use('/api', createWebhookEventsRoute(harness.store));
  app.use(createErrorHandler((error) => errors.push(error)));
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await harness.stop();
});

afterEach(() => {
  expect(harness.unexpected).toEqual([]);
  expect(errors).toEqual([]);
});

async function listEvents(search = '', key: string | null = ACCESS_KEY) {
  const response = await fetch(`${base}/api/webhook-events${search}`, {
    headers: key ? { Authorization: `Bearer ${key}` } : {},
  });
  return { status: response.status, json: await response.json() };
}

async function missive(path: string, init: { method?: string; body?: unknown } = {}) {
  const answer = await harness.request(`/api/missive/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  expect(answer.status, answer.text).toBeLessThan(300);
  return answer.json;
}

/** Labels `count` conversations through the gateway; each change is one delivery. */
async function labelConversations(count: number): Promise<string[]> {
  const organization = organizationsResponse.parse(await missive('/organizations'))
    .organizations[0];
  if (!organization) throw new Error('the seed has no organization');
  const labels = sharedLabelsResponse.parse(
    await missive(`/shared_labels?organization=${organization.id}`),
  ).shared_labels;
  const conversations = conversationsResponse.parse(
    await missive(`/conversations?all=true&limit=${count}`),
  ).conversations;
  expect(conversations).toHaveLength(count);
  for (const [index, conversation] of conversations.entries()) {
    const label = labels[index % labels.length];
    if (!label) throw new Error('the seed has no shared labels');
    await missive(`/conversations/${conversation.id}`, {
      method: 'PATCH',
      body: {
        conversations: [
          { id: conversation.id, organization: organization.id, add_shared_labels: [label.id] },
        ],
      },
    });
  }
  return conversations.map((conversation) => conversation.id);
}

describe('GET /api/webhook-events', () => {
  it('is empty before any delivery', async () => {
    const answer = await listEvents();
    expect(answer).toEqual({ status: 200, json: { events: [] } });
  });

  it('lists the deliveries of a hook registered through the gateway, newest first, paged', async () => {
    const hook = hookResponse.parse(
      await missive('/hooks', {
        method: 'POST',
        body: {
          hooks: {
            type: 'label_change',
            url: `${harness.base}/webhooks/missive`,
            secret: WEBHOOK_SECRET,
          },
        },
      }),
    ).hooks;
    const labelled = await labelConversations(3);

    const all = await vi.waitFor(async () => {
      const answer = await listEvents();
      const { events } = webhookEventListResponse.parse(answer.json);
      expect(events).toHaveLength(3);
      return events;
    });
    expect(all.map((event) => event.id)).toEqual(
      [...all.map((event) => event.id)].sort((a, b) => b - a),
    );
    expect(new Set(all.map((event) => event.conversationId))).toEqual(new Set(labelled));
    for (const event of all) {
      expect(event).toMatchObject({ ruleId: hook.id, ruleType: 'label_change' });
      expect(event.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(event.payload).toMatchObject({ rule: { id: hook.id, type: 'label_change' } });
    }

    const [newest, middle, oldest] = all;
    if (!newest || !middle || !oldest) throw new Error('three events were listed');
    const firstPage = webhookEventListResponse.parse((await listEvents('?limit=2')).json);
    expect(firstPage.events.map((event) => event.id)).toEqual([newest.id, middle.id]);
    const nextPage = webhookEventListResponse.parse(
      (await listEvents(`?limit=2&before=${middle.id}`)).json,
    );
    expect(nextPage.events.map((event) => event.id)).toEqual([oldest.id]);

    await missive(`/hooks/${hook.id}`, { method: 'DELETE' });
  });

  it.each([
    ['?limit=0', 'query.limit: must be at least 1'],
    ['?limit=501', 'query.limit: must be at most 500'],
    ['?before=abc', 'query.before: must be a whole number'],
    ['?since=1', 'query'],
  ])('refuses %s with a 400 naming the field', async (search, message) => {
    const answer = await listEvents(search);
    expect(answer.status).toBe(400);
    expect(errorEnvelopeSchema.parse(answer.json).error.message).toContain(message);
  });

  it('requires the access key', async () => {
    const answer = await listEvents('', null);
    expect(answer.status).toBe(401);
    expect(errorEnvelopeSchema.parse(answer.json).error.code).toBe('unauthorized');
  });
});
