import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
import { People, type Member } from '../auth/people';
import { EventHub } from '../events/event-hub';
import { listen, type Listening } from '../http/listen';
import { createEventsRoute, GOODBYE } from '../routes/events';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { freePort, startRedis, type RunningRedis } from '../test/engines';
import { connectEvents, frames } from '../test/sse-client';
import { RedisBus } from './redis-bus';
import { connectRedis } from './redis-connection';

/**
 * Several gateway instances, played by several buses in this process, on one
 * real Redis: each test has a prefix of its own, so that none hears another's
 * messages; the outage tests come last, as they stop the Redis.
 */

let redis: RunningRedis;
/** Everything opened by a test, closed after it. */
const opened: { close: () => Promise<void> | void }[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis.stop();
});

afterEach(async () => {
  for (const closable of opened.splice(0).reverse()) await closable.close();
});

const label = (conversation: string): LiveEvent => ({ type: 'label.changed', conversation });

/** Instances on one prefix: each `instance()` is one gateway's bus, with the errors it reported. */
function cluster() {
  const prefix = `test-${++prefixes}`;
  return {
    prefix,
    instance: async () => {
      const errors: unknown[] = [];
      const bus = await RedisBus.open({
        url: redis.url,
        prefix,
        onError: (error) => errors.push(error),
      });
      opened.push(bus);
      return { bus, errors };
    },
  };
}

/** A connection of its own, to write on the bus's channels as someone else could. */
async function rawClient(): Promise<Redis> {
  const client = await connectRedis(redis.url, { name: 'test-writer', onError: vi.fn() });
  opened.push({
    close: () => {
      client.disconnect();
    },
  });
  return client;
}

function recorder(hub: EventHub) {
  const received: LiveEvent[] = [];
  const ended = vi.fn();
  hub.subscribe((event) => received.push(event), ended);
  return { received, ended };
}

function messagesOf(errors: unknown[]): string[] {
  return errors.map((error) => (error instanceof Error ? error.message : String(error)));
}

describe('connectRedis', () => {
  it('says which Redis it could not reach, without its password', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}/0`;
    const failed = connectRedis(url, { name: 'budget', onError: vi.fn() });
    await expect(failed).rejects.toThrow(
      /^Could not connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 \(budget\): .*ECONNREFUSED/,
    );
    await expect(failed).rejects.not.toThrow(/hunter2/);
  });
});

describe('EventHub on Redis', () => {
  it('delivers an event published on one instance to every instance once, the publisher too', async () => {
    const { instance } = cluster();
    const [a, b] = [await instance(), await instance()];
    const [hubA, hubB] = [new EventHub({ bus: a.bus }), new EventHub({ bus: b.bus })];
    const [onA, onB] = [recorder(hubA), recorder(hubB)];
    // Elsewhere on the same Redis: another namespace, unheard.
    const other = await cluster().instance();
    const onOther = recorder(new EventHub({ bus: other.bus }));

    hubA.publish(label('conv-1'));
    // Pub/sub keeps one publisher's order: once the second arrives, the first has come as often as it will.
    hubA.publish(label('conv-2'));
    await vi.waitFor(() => {
      expect(onA.received).toHaveLength(2);
      expect(onB.received).toHaveLength(2);
    });
    expect(onA.received).toEqual([label('conv-1'), label('conv-2')]);
    expect(onB.received).toEqual(onA.received);
    expect(onOther.received).toEqual([]);
    expect([...a.errors, ...b.errors, ...other.errors]).toEqual([]);
  });

  it('reports and ignores what is not a live event on the channel, and goes on', async () => {
    const { prefix, instance } = cluster();
    const { bus, errors } = await instance();
    const on = recorder(new EventHub({ bus }));
    const writer = await rawClient();
    const channel = `${prefix}:live-event`;
    await writer.publish(channel, 'not json');
    await writer.publish(channel, JSON.stringify({ type: 'conversation.changed' }));
    await writer.publish(`${prefix}:keys-changed`, JSON.stringify({ type: 'label.changed' }));
    await writer.publish(channel, JSON.stringify(label('conv-3')));
    await vi.waitFor(() => {
      expect(on.received).toEqual([label('conv-3')]);
    });
    expect(messagesOf(errors)).toEqual([
      'Ignored a malformed live-event message on Redis: not json',
      'Ignored a malformed live-event message on Redis: {"type":"conversation.changed"}',
      'Ignored a malformed keys-changed message on Redis: {"type":"label.changed"}',
    ]);
  });

  it('streams an event published through one gateway to the SSE clients of both', async () => {
    const { instance } = cluster();
    const hubs = [
      new EventHub({ bus: (await instance()).bus }),
      new EventHub({ bus: (await instance()).bus }),
    ];
    const bases: string[] = [];
    for (const hub of hubs) {
      const app = express();
      app.use('/api', createEventsRoute({ hub, stillAllowed: () => true }));
      const server: Listening = await listen(app, 0, '127.0.0.1');
      opened.push(server);
      bases.push(`http://127.0.0.1:${server.port}`);
    }
    const clients = await Promise.all(bases.map((base) => connectEvents(`${base}/api/events`)));
    hubs[0]?.publish(label('conv-4'));
    for (const client of clients) {
      const text = await client.readUntil((seen) => frames(seen).length === 1);
      expect(frames(text)).toEqual([{ event: 'label.changed', data: label('conv-4') }]);
      client.abort();
    }
  });
});

describe('People on Redis', () => {
  let store: StoreWithMirror;
  const admin: Member = { keyId: 'bootstrap', name: 'admin', role: 'admin' };

  beforeAll(async () => {
    // One store for both instances, as PostgreSQL is for a cluster.
    store = await openMemoryStore();
  });

  afterAll(async () => {
    await store.close();
  });

  async function person(bus: RedisBus, errors: unknown[]): Promise<People> {
    const people = await People.open({
      store: store.keys,
      bootstrapKey: 'bootstrap-key-for-the-redis-tests',
      onError: (error) => errors.push(error),
      bus,
    });
    opened.push(people);
    return people;
  }

  it('stops a key revoked on one instance working on another within a second', async () => {
    const { instance } = cluster();
    const [a, b] = [await instance(), await instance()];
    const [onA, onB] = [await person(a.bus, a.errors), await person(b.bus, b.errors)];
    const { key, accessKey } = await onA.create({ name: 'Ana', role: 'agent' }, admin);
    await vi.waitFor(async () => {
      expect(await onB.authenticate(key)).toMatchObject({ name: 'Ana' });
    });
    await onA.revoke(accessKey.id);
    await vi.waitFor(
      async () => {
        expect(await onB.authenticate(key)).toBeUndefined();
      },
      { timeout: 1000 },
    );
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('reads the keys every second while Redis is down, so a revocation still reaches the others', async () => {
    const { instance } = cluster();
    const [a, b] = [await instance(), await instance()];
    const [onA, onB] = [await person(a.bus, a.errors), await person(b.bus, b.errors)];
    const { key, accessKey } = await onA.create({ name: 'Bo', role: 'agent' }, admin);
    await vi.waitFor(async () => {
      expect(await onB.authenticate(key)).toMatchObject({ name: 'Bo' });
    });
    await redis.pause();
    try {
      await vi.waitFor(() => {
        expect(b.bus.hearing).toBe(false);
      });
      await onA.revoke(accessKey.id);
      await vi.waitFor(
        async () => {
          expect(await onB.authenticate(key)).toBeUndefined();
        },
        { timeout: 1500 },
      );
      expect(messagesOf(a.errors)).toContain(
        'Could not publish a keys-changed message to Redis; it is lost',
      );
    } finally {
      await redis.start();
    }
  });
});

describe('Redis down', () => {
  it('ends the streams, reports what cannot be published, throws nothing, and recovers', async () => {
    const { instance } = cluster();
    const [a, b] = [await instance(), await instance()];
    const [hubA, hubB] = [new EventHub({ bus: a.bus }), new EventHub({ bus: b.bus })];
    const [onA, onB] = [recorder(hubA), recorder(hubB)];

    await redis.pause();
    await vi.waitFor(() => {
      expect(onA.ended).toHaveBeenCalledOnce();
      expect(onB.ended).toHaveBeenCalledOnce();
    });
    expect([hubA.size, hubB.size]).toEqual([0, 0]);
    // A client that comes back meanwhile is sent away at once, to an instance that hears.
    const newcomer = vi.fn();
    hubA.subscribe(vi.fn(), newcomer);
    expect(newcomer).toHaveBeenCalledOnce();

    expect(() => {
      hubA.publish(label('lost'));
    }).not.toThrow();
    await vi.waitFor(() => {
      expect(messagesOf(a.errors)).toContain(
        'Could not publish a live-event message to Redis; it is lost',
      );
    });

    await redis.start();
    await vi.waitFor(() => {
      expect([a.bus.hearing, b.bus.hearing]).toEqual([true, true]);
    });
    const [againA, againB] = [recorder(hubA), recorder(hubB)];
    hubB.publish(label('conv-5'));
    await vi.waitFor(() => {
      expect(againA.received).toEqual([label('conv-5')]);
      expect(againB.received).toEqual([label('conv-5')]);
    });
    // The outage was reported once per connection, not once per reconnection attempt.
    expect(messagesOf(b.errors).sort()).toEqual([
      expect.stringMatching(/^Redis connection "test-\d+:publisher" to redis:.* was lost/),
      expect.stringMatching(/^Redis connection "test-\d+:subscriber" to redis:.* was lost/),
    ]);
  });

  it('ends an SSE stream with the goodbye when its instance stops hearing', async () => {
    const { instance } = cluster();
    const hub = new EventHub({ bus: (await instance()).bus });
    const app = express();
    app.use('/api', createEventsRoute({ hub, stillAllowed: () => true }));
    const server = await listen(app, 0, '127.0.0.1');
    opened.push(server);
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`);
    await redis.pause();
    try {
      expect(await response.text()).toBe(GOODBYE);
    } finally {
      await redis.start();
    }
  });
});
