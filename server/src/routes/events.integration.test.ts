import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
import { EventHub } from '../events/event-hub';
import { listen, type Listening } from '../http/listen';
import { connectEvents, frames } from '../test/sse-client';
import { createEventsRoute, ENDED, GOODBYE } from './events';

const hub = new EventHub();
/** Which streams' credentials still hold, by their ?who= (the gateway checks keys and sessions). */
const revoked = new Set<string>();
const stillAllowed = (req: express.Request) =>
  typeof req.query.who !== 'string' || !revoked.has(req.query.who);
let server: Listening;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/api', createEventsRoute({ hub, heartbeatMs: 50, stillAllowed }));
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

describe('GET /api/events', () => {
  it('answers an event stream that proxies neither cache nor buffer', async () => {
    const client = await connectEvents(`${base}/api/events`);
    expect(client.response.status).toBe(200);
    expect(client.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(client.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(client.response.headers.get('connection')).toBe('keep-alive');
    expect(client.response.headers.get('x-accel-buffering')).toBe('no');
    client.abort();
  });

  it('delivers published events in order, named by their type', async () => {
    const client = await connectEvents(`${base}/api/events`);
    const published: LiveEvent[] = [
      { type: 'conversation.changed', conversation: 'conv-1', ruleType: 'label_change' },
      { type: 'label.changed', conversation: 'conv-1' },
      { type: 'contact.changed', contacts: ['c-1', 'c-2'] },
      { type: 'budget.low', remaining: 3, resetsAt: 1_700_000_000_000 },
    ];
    for (const event of published) hub.publish(event);
    const text = await client.readUntil((seen) => frames(seen).length === published.length);
    expect(frames(text)).toEqual(published.map((event) => ({ event: event.type, data: event })));
    client.abort();
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    const client = await connectEvents(`${base}/api/events`);
    await client.readUntil((seen) => seen.includes(': heartbeat\n\n'));
    client.abort();
  });

  it('forgets a client once it disconnects', async () => {
    await vi.waitFor(() => {
      expect(hub.size).toBe(0);
    });
    const first = await connectEvents(`${base}/api/events`);
    const second = await connectEvents(`${base}/api/events`);
    expect(hub.size).toBe(2);
    first.abort();
    await vi.waitFor(() => {
      expect(hub.size).toBe(1);
    });
    // The client still connected keeps receiving.
    hub.publish({ type: 'label.changed', conversation: null });
    await second.readUntil((seen) => frames(seen).length === 1);
    second.abort();
    await vi.waitFor(() => {
      expect(hub.size).toBe(0);
    });
  });
});

describe('GET /api/events when its key is revoked', () => {
  it('delivers nothing more and ends the stream, while other streams go on', async () => {
    const ana = await connectEvents(`${base}/api/events?who=ana`);
    const bo = await connectEvents(`${base}/api/events?who=bo`);
    await vi.waitFor(() => {
      expect(hub.size).toBe(2);
    });
    revoked.add('ana');
    hub.publish({ type: 'label.changed', conversation: 'conv-9' });
    const anas = await ana.readUntil((text) => text.endsWith(ENDED));
    expect(frames(anas)).toEqual([]);
    const bos = await bo.readUntil((text) => text.includes('event: label.changed'));
    expect(frames(bos).map((frame) => frame.event)).toEqual(['label.changed']);
    expect(hub.size).toBe(1);
    bo.abort();
    revoked.clear();
  });
});

describe('GET /api/events as the gateway stops', () => {
  it('says goodbye, asks for a prompt reconnection and ends the stream cleanly', async () => {
    const stopping = new EventHub();
    const app = express();
    app.use('/api', createEventsRoute({ hub: stopping, stillAllowed }));
    const own = await listen(app, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${own.port}/api/events`);
      // Subscribed before the headers went out.
      expect(stopping.size).toBe(1);
      stopping.close();
      // The body ends after the goodbye; a cut socket would reject with "terminated".
      expect(await response.text()).toBe(GOODBYE);
      expect(GOODBYE).toMatch(/^retry: \d+\n: [^\n]+\n\n$/);
    } finally {
      await own.close();
    }
  });
});
