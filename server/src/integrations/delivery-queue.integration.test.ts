import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpstreamResponse } from '../gateway/missive-client';
import type { GatewayCall } from '../gateway/upstream';
import { madePost } from '../test/post-answer';
import type { StoreWithMirror } from '../store/kysely-store';
import { openPostgresStore } from '../store/postgres-store';
import { postgresEngine } from '../store/test-engines';
import { DeliveryQueue, INTERRUPTED, type Backoff, type Job } from './delivery-queue';

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

const stores: StoreWithMirror[] = [];
const queues: DeliveryQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.stop()));
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** What every gateway's posts did, in the order they did it, across the cluster. */
interface Cluster {
  /** `start <text>` and `end <text>` of each post, in the order they happened. */
  events: string[];
  /** How many posts were under way at once, at most. */
  peak: number;
  underWay: number;
}

/** A gateway instance: its own store on the shared database, its queue, the posts it made. */
async function instance(
  url: string,
  options: {
    leaseMs?: number;
    hold?: Promise<void>;
    /** How long each post takes; a few random milliseconds by default. */
    postMs?: number;
    backoff?: Backoff;
    cluster?: Cluster;
    /** Missive's answer to a post, by its text; made by default. */
    answer?: (text: string) => UpstreamResponse;
  } = {},
) {
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
        const { cluster } = options;
        if (cluster) {
          cluster.events.push(`start ${posts.text}`);
          cluster.underWay += 1;
          cluster.peak = Math.max(cluster.peak, cluster.underWay);
        }
        try {
          await (options.hold ??
            new Promise((resolve) => setTimeout(resolve, options.postMs ?? Math.random() * 5)));
        } finally {
          if (cluster) {
            cluster.underWay -= 1;
            cluster.events.push(`end ${posts.text}`);
          }
        }
        return {
          response: options.answer?.(posts.text) ?? madePost(posts.text),
          source: 'upstream' as const,
        };
      },
    },
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
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

  it('post one at a time between them, oldest first', async () => {
    const url = await engine.createDatabase();
    const cluster: Cluster = { events: [], peak: 0, underWay: 0 };
    // Posts that take a while, so that the other gateway has every chance to start one too.
    const [a, b] = await Promise.all([
      instance(url, { cluster, postMs: 20 }),
      instance(url, { cluster, postMs: 20 }),
    ]);
    const texts = Array.from({ length: 12 }, (_, index) => `delivery ${index + 10}`);
    for (const text of texts) await enqueue(a.store, text);
    await Promise.all([a.queue.start(), b.queue.start()]);
    a.queue.wake();
    b.queue.wake();
    await vi.waitFor(
      async () => {
        expect(await a.store.integrations.countDeliveries()).toMatchObject({ sent: texts.length });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(cluster.peak).toBe(1);
    expect(cluster.events).toEqual(texts.flatMap((text) => [`start ${text}`, `end ${text}`]));
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('keep the rest behind a delivery Missive asked them to send again later', async () => {
    const url = await engine.createDatabase();
    const cluster: Cluster = { events: [], peak: 0, underWay: 0 };
    let refusals = 1;
    // The first post is refused once (Missive busy): it goes back to the queue for a while.
    const answer = (text: string): UpstreamResponse =>
      text === 'opened' && refusals-- > 0
        ? { status: 503, body: { error: { message: 'busy' } }, retryAfter: null }
        : madePost(text);
    const backoff: Backoff = { firstMs: 300, maxMs: 300, attempts: 3 };
    const [a, b] = await Promise.all([
      instance(url, { cluster, answer, backoff, postMs: 20 }),
      instance(url, { cluster, answer, backoff, postMs: 20 }),
    ]);
    for (const text of ['opened', 'closed', 'reopened']) await enqueue(a.store, text);
    await Promise.all([a.queue.start(), b.queue.start()]);
    a.queue.wake();
    b.queue.wake();
    await vi.waitFor(
      async () => {
        expect(await a.store.integrations.countDeliveries()).toMatchObject({ sent: 3 });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(cluster.events.filter((event) => event.startsWith('start'))).toEqual([
      'start opened',
      'start opened',
      'start closed',
      'start reopened',
    ]);
    expect(cluster.peak).toBe(1);
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
