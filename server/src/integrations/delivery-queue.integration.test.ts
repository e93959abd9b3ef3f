import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpstreamResponse } from '../gateway/missive-client';
import type { GatewayCall } from '../gateway/upstream';
import type { StoreWithMirror } from '../store/kysely-store';
import { openPostgresStore } from '../store/postgres-store';
import { postgresEngine } from '../store/test-engines';
import { DeliveryQueue, INTERRUPTED, type Job } from './delivery-queue';

/**
 * Two gateways sharing one PostgreSQL database, each with its own store and
 * delivery queue, as two instances behind a load balancer run: every
 * delivery is posted once, and neither takes the other's post in flight for
 * one a stopped gateway left behind.
 */

const engine = postgresEngine();

const job = (text: string): Job => ({
  post: { text, notification: { title: 'GitHub', body: text }, references: [], reopen: false },
});

const made = (id: string): UpstreamResponse => ({
  status: 200,
  body: {
    posts: {
      id,
      conversation: `conversation-${id}`,
      created_at: 1,
      username: 'GitHub',
      username_icon: null,
      text: 'x',
      markdown: null,
      notification: { title: 'GitHub', body: 'x' },
      attachments: [],
    },
  },
  retryAfter: null,
});

const stores: StoreWithMirror[] = [];
const queues: DeliveryQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.stop()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** A gateway instance: its own store on the shared database, its queue, the posts it made. */
async function instance(url: string, options: { leaseMs?: number; hold?: Promise<void> } = {}) {
  const store = await openPostgresStore({ url });
  stores.push(store);
  const posted: string[] = [];
  const errors: unknown[] = [];
  const queue = new DeliveryQueue({
    store: store.integrations,
    gateway: {
      call: async (call: GatewayCall) => {
        const { posts } = call.body as { posts: Job['post'] };
        if (posts.text === undefined) throw new Error('every post here has a text');
        posted.push(posts.text);
        await (options.hold ?? new Promise((resolve) => setTimeout(resolve, Math.random() * 5)));
        return { response: made(posts.text), source: 'upstream' as const };
      },
    },
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    onError: (error) => errors.push(error),
  });
  queues.push(queue);
  return { store, queue, posted, errors };
}

const enqueue = (store: StoreWithMirror, text: string) =>
  store.integrations.enqueue({
    provider: 'github',
    eventId: text,
    bodyDigest: `digest of ${text}`,
    summary: text,
    receivedAt: Date.now(),
    job: job(text),
  });

describe('two gateways sharing the delivery queue', () => {
  it('post every delivery exactly once between them', async () => {
    const url = await engine.createDatabase();
    const [a, b] = await Promise.all([instance(url), instance(url)]);
    await Promise.all([a.queue.start(), b.queue.start()]);
    const texts = Array.from({ length: 30 }, (_, index) => `delivery ${index}`);
    for (const [index, text] of texts.entries()) {
      await enqueue((index % 2 ? a : b).store, text);
      // Both wake on every delivery, as a delivery's webhook reaches one and the event bus the other.
      a.queue.wake();
      b.queue.wake();
    }
    await vi.waitFor(
      async () => {
        expect(await a.store.integrations.countDeliveries()).toMatchObject({ sent: texts.length });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect([...a.posted, ...b.posted].sort()).toEqual([...texts].sort());
    // Both took part: the claims, not luck, kept them apart.
    expect(a.posted.length).toBeGreaterThan(0);
    expect(b.posted.length).toBeGreaterThan(0);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('leave a post in flight alone when a second gateway starts, while its sender renews the claim', async () => {
    const url = await engine.createDatabase();
    let finish: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => {
      finish = resolve;
    });
    // A lease far shorter than the post takes: only the renewals keep the claim.
    const a = await instance(url, { hold, leaseMs: 300 });
    await a.queue.start();
    const { delivery } = await enqueue(a.store, 'slow post');
    a.queue.wake();
    await vi.waitFor(() => {
      expect(a.posted).toEqual(['slow post']);
    });

    const b = await instance(url, { leaseMs: 300 });
    await b.queue.start();
    // Several of b's sweeps and a's renewals go by.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await b.store.integrations.getDelivery(delivery.id)).toMatchObject({
      status: 'sending',
    });

    finish();
    await vi.waitFor(async () => {
      expect(await b.store.integrations.getDelivery(delivery.id)).toMatchObject({
        status: 'sent',
        attempts: 1,
      });
    });
    expect(b.posted).toEqual([]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('hand a person the post of a gateway that stopped mid-send, once its lease runs out', async () => {
    const url = await engine.createDatabase();
    const b = await instance(url, { leaseMs: 200 });
    const { delivery } = await enqueue(b.store, 'orphan');
    // Claimed by a gateway that then died: nobody renews it.
    await b.store.integrations.claim(delivery.id, { owner: 'gone', until: Date.now() + 200 });
    await b.queue.start();
    expect(await b.store.integrations.getDelivery(delivery.id)).toMatchObject({
      status: 'sending',
    });
    await vi.waitFor(
      async () => {
        expect(await b.store.integrations.getDelivery(delivery.id)).toMatchObject({
          status: 'dead',
          lastError: INTERRUPTED,
        });
      },
      { timeout: 3_000, interval: 50 },
    );
    expect(b.posted).toEqual([]);
  });
});
