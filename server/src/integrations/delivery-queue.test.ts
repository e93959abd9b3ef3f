import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery } from '@crm/shared/integrations';
import { MissiveUnreachable } from '../gateway/missive-client';
import type { UpstreamResponse } from '../gateway/missive-client';
import type { GatewayCall } from '../gateway/upstream';
import { madePost } from '../test/post-answer';
import { HttpError } from '../http/http-error';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { DeliveryQueue, type Job } from './delivery-queue';

/**
 * The queue's decisions, against a stand-in gateway: what is retried (what
 * Missive certainly did not apply), what goes to a person (refused, or of
 * unknown fate), in which order, and when.
 */

type Answer = UpstreamResponse | Error;

const job = (text: string, subject?: string): Job => ({
  post: {
    text,
    notification: { title: 'GitHub', body: text },
    references: [`ref-${text}`],
    reopen: false,
  },
  ...(subject === undefined ? {} : { subject }),
});

const status = (code: number, retryAfter: string | null = null): UpstreamResponse => ({
  status: code,
  body: { error: { message: `refused with ${code}` } },
  retryAfter,
});

let store: StoreWithMirror | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setUp(answers: Answer[], now = { value: 1_000_000 }) {
  store = await openMemoryStore();
  const calls: GatewayCall[] = [];
  const settled: Delivery[] = [];
  const queue = new DeliveryQueue({
    store: store.integrations,
    gateway: {
      call: (call) => {
        calls.push(call);
        const answer = answers.shift() ?? madePost(String(calls.length));
        return answer instanceof Error
          ? Promise.reject(answer)
          : Promise.resolve({ response: answer, source: 'upstream' as const });
      },
    },
    backoff: { firstMs: 1_000, maxMs: 4_000, attempts: 3 },
    clock: () => now.value,
    onSettled: (delivery) => settled.push(delivery),
    onError: (error) => {
      throw error;
    },
  });
  await queue.start();
  const enqueue = async (text: string, subject?: string) =>
    (
      await (store as StoreWithMirror).integrations.enqueue({
        provider: 'github',
        eventId: text,
        bodyDigest: `digest of ${text}`,
        summary: text,
        receivedAt: now.value,
        job: job(text, subject),
      })
    ).delivery.id;
  const run = async () => {
    queue.wake();
    await queue.idle();
  };
  const get = async (id: number) => (store as StoreWithMirror).integrations.getDelivery(id);
  return { queue, calls, settled, enqueue, run, get, now };
}

describe('DeliveryQueue', () => {
  it('posts in arrival order in the background lane, as the integration', async () => {
    const { calls, enqueue, run, get } = await setUp([]);
    const first = await enqueue('one');
    await enqueue('two');
    await run();
    expect(calls.map((call) => [call.name, call.lane, call.agent, call.body])).toEqual([
      ['createPost', 'background', 'integration:github', { posts: job('one').post }],
      ['createPost', 'background', 'integration:github', { posts: job('two').post }],
    ]);
    expect(await get(first)).toMatchObject({
      status: 'sent',
      attempts: 1,
      postId: '1',
      conversationId: 'conversation-1',
      lastError: null,
    });
  });

  it('waits out a 429 or 503 with a growing backoff (or Retry-After), then posts', async () => {
    const { calls, enqueue, run, get, now } = await setUp([status(429), status(503, '30')]);
    const id = await enqueue('one');
    await run();
    const afterFirst = await get(id);
    expect(afterFirst).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'Missive answered 429: refused with 429',
    });
    // 1 s ± 20 %.
    expect((afterFirst?.nextAttemptAt ?? 0) - now.value).toBeGreaterThanOrEqual(800);
    expect((afterFirst?.nextAttemptAt ?? 0) - now.value).toBeLessThanOrEqual(1_200);

    now.value = afterFirst?.nextAttemptAt ?? 0;
    await run();
    const afterSecond = await get(id);
    // Missive's Retry-After (30 s) beats the backoff (2 s).
    expect((afterSecond?.nextAttemptAt ?? 0) - now.value).toBe(30_000);

    await run();
    expect(calls).toHaveLength(2);
    now.value = afterSecond?.nextAttemptAt ?? 0;
    await run();
    expect(await get(id)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('gives up after the last try, into the dead-letter list', async () => {
    const { enqueue, run, get, now } = await setUp([status(503), status(503), status(503)]);
    const id = await enqueue('one');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await run();
      now.value += 10_000;
    }
    expect(await get(id)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'Missive answered 503: refused with 503 (gave up after 3 tries)',
    });
  });

  it('hands a person what retrying could not fix or could duplicate', async () => {
    const { enqueue, run, get, calls } = await setUp([
      status(400),
      status(500),
      new HttpError(
        504,
        'Missive did not answer within 20 s; the change may or may not have been applied',
      ),
    ]);
    const refused = await enqueue('refused');
    const failed = await enqueue('failed');
    const unanswered = await enqueue('unanswered');
    await run();
    expect(calls).toHaveLength(3);
    expect((await get(refused))?.lastError).toBe(
      'Missive answered 400: refused with 400; the post was refused, so retrying it unchanged will fail again',
    );
    expect((await get(failed))?.lastError).toMatch(/500.*may or may not have been made/);
    expect(await get(unanswered)).toMatchObject({
      status: 'dead',
      lastError: expect.stringMatching(/may or may not/) as unknown,
    });
  });

  it('tries again what never left (busy, Missive unreachable), without counting it a try', async () => {
    const busy = new HttpError(503, 'Missive is busy: the queue is full. Try again in 7 s.', {
      code: 'overloaded',
      headers: { 'Retry-After': '7' },
    });
    const unreachable = new MissiveUnreachable(
      'Missive could not be reached (ECONNREFUSED); nothing was sent',
    );
    const { enqueue, run, get, now } = await setUp([busy, unreachable]);
    const id = await enqueue('one');
    await run();
    expect(await get(id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now.value + 7_000,
    });
    now.value += 7_000;
    await run();
    expect(await get(id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now.value + 1_000,
    });
    now.value += 1_000;
    await run();
    expect(await get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('hands a person an answer it could not read, or a 502, as of unknown fate', async () => {
    const { enqueue, run, get } = await setUp([
      new HttpError(502, 'Missive answered 201 with a body that is not JSON'),
      status(502),
    ]);
    const unreadable = await enqueue('unreadable');
    const proxied = await enqueue('proxied');
    await run();
    expect(await get(unreadable)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError:
        'Missive answered 201 with a body that is not JSON; the post may or may not have been made, so check the conversation before retrying',
    });
    expect((await get(proxied))?.lastError).toMatch(/502.*may or may not have been made/);
  });

  it('believes a Retry-After of at most 15 minutes', async () => {
    const { enqueue, run, get, now } = await setUp([status(429, String(40 * 24 * 3600))]);
    const id = await enqueue('one');
    await run();
    expect((await get(id))?.nextAttemptAt).toBe(now.value + 15 * 60_000);
  });

  it('counts tries afresh after a person retries a dead delivery', async () => {
    const { enqueue, run, get, now } = await setUp([
      status(503),
      status(503),
      status(503),
      status(503),
    ]);
    const id = await enqueue('one');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await run();
      now.value += 10_000;
    }
    expect(await get(id)).toMatchObject({ status: 'dead', attempts: 3 });
    await (store as StoreWithMirror).integrations.retry(id, now.value);
    await run();
    // One 503 after the retry is one try of three, not the fourth of three.
    expect(await get(id)).toMatchObject({ status: 'queued', attempts: 1 });
    now.value += 10_000;
    await run();
    expect(await get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('renames an existing conversation after the post when asked, and notes a failure without failing', async () => {
    const { enqueue, run, get, calls } = await setUp([madePost('1'), status(404)]);
    const id = await enqueue('one', 'octo/repo#1: New title');
    await run();
    expect(calls[1]).toMatchObject({
      name: 'updateConversations',
      params: { ids: 'conversation-1' },
      body: { conversations: [{ id: 'conversation-1', subject: 'octo/repo#1: New title' }] },
    });
    expect(await get(id)).toMatchObject({
      status: 'sent',
      lastError: 'posted, but renaming the conversation failed: Missive answered 404',
    });
  });

  it('sends nothing once stopped, and announces every settlement', async () => {
    const { queue, enqueue, calls, settled, run } = await setUp([]);
    await enqueue('one');
    await run();
    expect(settled.map((delivery) => delivery.status)).toEqual(['sent']);
    await queue.stop();
    await enqueue('two');
    queue.wake();
    await queue.idle();
    expect(calls).toHaveLength(1);
  });

  it('reports, and does not record, a post it made after its claim lapsed and another gateway took the delivery', async () => {
    store = await openMemoryStore();
    const integrations = store.integrations;
    const now = { value: 1_000_000 };
    let answer: (response: UpstreamResponse) => void = () => undefined;
    const calls: GatewayCall[] = [];
    const errors: unknown[] = [];
    const queue = new DeliveryQueue({
      store: integrations,
      gateway: {
        call: (call) => {
          calls.push(call);
          return new Promise((resolve) => {
            answer = (response) => {
              resolve({ response, source: 'upstream' });
            };
          });
        },
      },
      clock: () => now.value,
      leaseMs: 60_000,
      instance: 'a',
      onError: (error) => errors.push(error),
    });
    await queue.start();
    const { delivery } = await integrations.enqueue({
      provider: 'github',
      eventId: 'one',
      bodyDigest: 'digest of one',
      summary: 'one',
      receivedAt: now.value,
      job: job('one'),
    });
    queue.wake();
    await vi.waitFor(() => {
      expect(calls).toHaveLength(1);
    });
    // a's post stalls past its lease: the sweep hands it to a person, who
    // retries it, and gateway c claims it.
    now.value += 60_001;
    await integrations.interrupted('stopped mid-post', now.value);
    await integrations.retry(delivery.id, now.value);
    expect(
      await integrations.claim(delivery.id, { owner: 'c', until: now.value + 60_000 }, now.value),
    ).toBe(true);

    answer(madePost('late-post'));
    await queue.idle();
    await queue.stop();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(
      /delivery \d+ was sent by a gateway whose claim had lapsed: post late-post in conversation conversation-late-post; this was not recorded on the delivery, which is sending now/,
    );
    // c's claim stands, and a posts nothing more.
    expect(await integrations.getDelivery(delivery.id)).toMatchObject({
      status: 'sending',
      postId: null,
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
  });
});
