import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
import { EventHub } from '../events/event-hub';
import { listen, type Listening } from '../http/listen';
import { createEventsRoute } from './events';

const hub = new EventHub();
let server: Listening;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use('/api', createEventsRoute({ hub, heartbeatMs: 50 }));
  server = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
});

/** An SSE client that keeps everything the stream delivered as text. */
async function connect() {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events`, { signal: controller.signal });
  if (!response.body) throw new Error('the stream has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    response,
    abort: () => {
      controller.abort();
    },
    /** Reads until the text received so far satisfies `done`, and returns it. */
    async readUntil(done: (text: string) => boolean): Promise<string> {
      while (!done(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended early after: ${text}`);
        text += chunk.value;
      }
      return text;
    },
  };
}

/** The `event:`/`data:` frames of a stream, comments left out. */
function frames(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      return {
        event: eventLine.slice('event: '.length),
        data: JSON.parse(dataLine.slice('data: '.length)) as unknown,
      };
    });
}

describe('GET /api/events', () => {
  it('answers an event stream that proxies neither cache nor buffer', async () => {
    const client = await connect();
    expect(client.response.status).toBe(200);
    expect(client.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(client.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(client.response.headers.get('connection')).toBe('keep-alive');
    expect(client.response.headers.get('x-accel-buffering')).toBe('no');
    client.abort();
  });

  it('delivers published events in order, named by their type', async () => {
    const client = await connect();
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
    const client = await connect();
    await client.readUntil((seen) => seen.includes(': heartbeat\n\n'));
    client.abort();
  });

  it('forgets a client once it disconnects', async () => {
    await vi.waitFor(() => {
      expect(hub.size).toBe(0);
    });
    const first = await connect();
    const second = await connect();
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
