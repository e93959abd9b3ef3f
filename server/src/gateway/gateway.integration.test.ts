import { createHmac } from 'node:crypto';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { liveEventSchema } from '@crm/shared/events';
import { limitsReportSchema } from '@crm/shared/limits';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import { postsResponse } from '@crm/shared/missive/posts';
import { listen } from '../http/listen';
import { connectEvents, frames } from '../test/sse-client';
import { sharedEnginesPerFile } from '../test/shared-engines';
import {
  startGatewayHarness,
  WEBHOOK_SECRET,
  type Answer,
  type GatewayHarness,
  type HarnessOptions,
} from '../test/gateway-harness';

const running: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.stop()));
});

const sharedEngines = sharedEnginesPerFile();

async function harnessWith(options: HarnessOptions): Promise<GatewayHarness> {
  const harness = await startGatewayHarness(options);
  running.push(harness);
  return harness;
}

async function conversationIds(harness: GatewayHarness, count: number): Promise<string[]> {
  const page = await harness.request(`/api/missive/v1/conversations?all=true&limit=${count}`);
  return conversationsResponse
    .parse(page.json)
    .conversations.map((conversation) => conversation.id)
    .slice(0, count);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records the order in which labelled requests finish, across every group started. */
function finishLog() {
  const order: string[] = [];
  return {
    order,
    track: async (label: string, answer: Promise<Answer>): Promise<Answer> => {
      const settled = await answer;
      order.push(label);
      return settled;
    },
  };
}

// The whole suite twice: a single gateway's state in its process (and
// SQLite), and the state several instances share (Redis and PostgreSQL).
describe.each([
  { state: 'in this process', engines: () => undefined },
  { state: 'in Redis and PostgreSQL', engines: () => sharedEngines() },
])('the gateway with its state $state', ({ engines }) => {
  const start = (options: HarnessOptions) => {
    const shared = engines();
    return harnessWith(shared ? { ...options, engines: shared } : options);
  };

  describe('the shared budget', () => {
    it('keeps a burst from many agents inside every limit: no 429, every request answered', async () => {
      const harness = await start({
        emulatorLimits: 'concurrent=3,10/1s,15/3s',
        latencyMs: 30,
      });
      const ids = await conversationIds(harness, 24);
      const rejectedBefore = harness.emulator.limiter.snapshot().rejected;
      // 12 agents, 2 distinct reads each: no cache or coalescing can help.
      const answers = await Promise.all(
        ids.map((id, index) =>
          harness.request(`/api/missive/v1/conversations/${id}/messages`, {
            agent: `agent-${index % 12}`,
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
      expect(harness.emulator.limiter.snapshot().rejected - rejectedBefore).toBe(0);
      expect((await harness.gateway.limits()).upstream.rateLimited).toBe(0);
    });

    it('starts interactive work before background work that queued first', async () => {
      const harness = await start({
        emulatorLimits: 'concurrent=1,1000/60s',
        latencyMs: 60,
        backgroundShare: 1,
      });
      const ids = await conversationIds(harness, 8);
      const log = finishLog();
      const read = (id: string, lane: string) =>
        harness.request(`/api/missive/v1/conversations/${id}/comments`, {
          headers: { 'X-Priority': lane },
        });
      const background = ids
        .slice(0, 5)
        .map((id, index) => log.track(`background-${index}`, read(id, 'background')));
      await pause(20); // the first background call is under way by now
      const interactive = ids
        .slice(5)
        .map((id, index) => log.track(`interactive-${index}`, read(id, 'interactive')));
      const answers = await Promise.all([...background, ...interactive]);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // Only the background call already running may finish before the interactive ones.
      expect(log.order.slice(0, 4).filter((label) => label.startsWith('interactive'))).toHaveLength(
        3,
      );
    });

    it('spends calls marked X-Priority: automation in the AI agents’ lane; an unknown lane is refused', async () => {
      const harness = await start({ emulatorLimits: 'concurrent=5,1000/60s' });
      const [id = ''] = await conversationIds(harness, 1);
      const before = (await harness.gateway.limits()).upstream.upstreamCallsByLane.automation;
      const answer = await harness.request(`/api/missive/v1/conversations/${id}/comments`, {
        headers: { 'X-Priority': 'automation' },
      });
      expect(answer.status).toBe(200);
      expect((await harness.gateway.limits()).upstream.upstreamCallsByLane.automation).toBe(
        before + 1,
      );
      const wrong = await harness.request(`/api/missive/v1/conversations/${id}/comments`, {
        headers: { 'X-Priority': 'urgent' },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json).toMatchObject({
        error: { message: 'X-Priority must be one of "interactive", "automation", "background"' },
      });
    });

    it("serves agents in turn: one agent's burst does not delay another's single request", async () => {
      const harness = await start({ emulatorLimits: 'concurrent=1,1000/60s', latencyMs: 40 });
      const ids = await conversationIds(harness, 11);
      await harness.prepareAgents('agent-a', 'agent-b');
      const log = finishLog();
      const burst = ids
        .slice(0, 10)
        .map((id, index) =>
          log.track(
            `a-${index}`,
            harness.request(`/api/missive/v1/conversations/${id}/posts`, { agent: 'agent-a' }),
          ),
        );
      await pause(10);
      const lone = log.track(
        'b',
        harness.request(`/api/missive/v1/conversations/${ids[10] ?? ''}/posts`, {
          agent: 'agent-b',
        }),
      );
      await Promise.all([...burst, lone]);
      // B waits for at most A's call in flight and the one whose turn came first.
      expect(log.order.indexOf('b')).toBeLessThanOrEqual(2);
    });

    it('refuses with 503 and Retry-After, rather than hang, when a request cannot start in time', async () => {
      const harness = await start({
        emulatorLimits: 'concurrent=5,3/10s',
        queueTimeoutMs: 300,
      });
      const ids = await conversationIds(harness, 2); // spends one of the window's two allowed calls
      const answers = await Promise.all(
        [0, 1, 2, 3].map((index) =>
          harness.request(
            `/api/missive/v1/conversations/${ids[index % 2] ?? ''}/drafts?limit=${index + 1}`,
          ),
        ),
      );
      const refused = answers.filter((answer) => answer.status === 503);
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
      expect(refused).toHaveLength(3);
      for (const answer of refused) {
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(errorEnvelopeSchema.parse(answer.json).error).toMatchObject({ code: 'overloaded' });
      }
      expect((await harness.gateway.limits()).queues.shed).toBe(3);
      expect(harness.emulator.limiter.snapshot().rejected).toBe(0);
    });
  });

  describe('reads', () => {
    it('joins identical concurrent reads into one upstream call', async () => {
      const harness = await start({ latencyMs: 80 });
      const [id] = await conversationIds(harness, 1);
      await harness.prepareAgents(...Array.from({ length: 8 }, (_, index) => `agent-${index}`));
      const before = harness.upstreamCalls();
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          harness.request(`/api/missive/v1/conversations/${id ?? ''}/messages`, {
            agent: `agent-${index}`,
          }),
        ),
      );
      expect(harness.upstreamCalls() - before).toBe(1);
      expect(answers.map((answer) => answer.headers.get('x-gateway-source')).sort()).toEqual([
        ...Array<string>(7).fill('coalesced'),
        'upstream',
      ]);
      expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    });

    it("serves repeated reads from the cache until the gateway's own write changes them", async () => {
      const harness = await start({});
      const [id = ''] = await conversationIds(harness, 1);
      const first = await harness.request(`/api/missive/v1/conversations/${id}/posts`);
      const callsAfterFirst = harness.upstreamCalls();
      const again = await harness.request(`/api/missive/v1/conversations/${id}/posts`);
      expect(again.headers.get('x-gateway-source')).toBe('cache');
      expect(harness.upstreamCalls()).toBe(callsAfterFirst);
      expect(again.text).toBe(first.text);

      const post = await harness.request('/api/missive/v1/posts', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          posts: {
            conversation: id,
            notification: { title: 'Order', body: 'Shipped' },
            text: 'Order #1042 shipped',
          },
        }),
      });
      expect(post.status).toBe(200);
      const after = await harness.request(`/api/missive/v1/conversations/${id}/posts`);
      expect(after.headers.get('x-gateway-source')).toBe('upstream');
      expect(postsResponse.parse(after.json).posts.map((item) => item.text)).toContain(
        'Order #1042 shipped',
      );
    });
  });

  describe('when another client spends the token too', () => {
    it("honours Missive's Retry-After for the whole process, then answers every request", async () => {
      // The gateway believes it has room; Missive (the emulator) allows far less.
      const harness = await start({
        emulatorLimits: 'concurrent=5,4/1s',
        gatewayLimits: 'concurrent=5,1000/60s',
      });
      const ids = await conversationIds(harness, 6); // spends one
      const started = Date.now();
      const answers = await Promise.all(
        ids.map((id) => harness.request(`/api/missive/v1/conversations/${id}/comments`)),
      );
      expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 200));
      expect((await harness.gateway.limits()).upstream.rateLimited).toBeGreaterThan(0);
      // Retry-After is in whole seconds: the waiting requests could not have passed sooner.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('repeats a write refused with 429 (it was not applied) and applies it exactly once', async () => {
      const harness = await start({
        emulatorLimits: 'concurrent=5,3/1s',
        gatewayLimits: 'concurrent=5,1000/60s',
      });
      const [id = ''] = await conversationIds(harness, 1);
      const writes = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          harness.request('/api/missive/v1/posts', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              posts: {
                conversation: id,
                notification: { title: 'Note', body: `note ${n}` },
                text: `note ${n}`,
              },
            }),
          }),
        ),
      );
      expect(writes.map((write) => write.status)).toEqual([200, 200, 200, 200]);
      const posts = await harness.request(`/api/missive/v1/conversations/${id}/posts`);
      const texts = postsResponse.parse(posts.json).posts.map((post) => post.text);
      expect(texts.filter((text) => text?.startsWith('note ')).sort()).toEqual([
        'note 1',
        'note 2',
        'note 3',
        'note 4',
      ]);
    });
  });

  describe('against a failing Missive', () => {
    it('never repeats a write after a 5xx, and repeats a read once', async () => {
      const calls: string[] = [];
      const flaky = express();
      flaky.use((req, res) => {
        calls.push(`${req.method} ${req.path}`);
        const readsSoFar = calls.filter((call) => call.startsWith('GET')).length;
        if (req.method === 'GET' && readsSoFar > 1)
          res.json({ organizations: [{ id: 'o1', name: 'Acme' }] });
        else res.status(503).json({ error: { message: 'Missive is having a moment' } });
      });
      const upstream = await listen(flaky, 0, '127.0.0.1');
      running.push({ stop: upstream.close });
      const harness = await start({
        upstreamBaseUrl: `http://127.0.0.1:${upstream.port}/v1`,
        mode: 'live',
      });

      const read = await harness.request('/api/missive/v1/organizations');
      expect(read.status).toBe(200);
      const write = await harness.request('/api/missive/v1/teams', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ teams: [{ name: 'Escalations', organization: 'o1' }] }),
      });
      expect(write.status).toBe(503);
      expect(errorEnvelopeSchema.parse(write.json).error).toMatchObject({
        message: 'Missive is having a moment',
        code: 'upstream_error',
      });
      expect(calls.filter((call) => call === 'POST /v1/teams')).toHaveLength(1);
      expect(
        calls.filter((call) => call === 'GET /v1/organizations').length,
      ).toBeGreaterThanOrEqual(2);
      const audit = await harness.store.listAudit({ limit: 10 });
      expect(audit[0]).toMatchObject({
        endpoint: 'createTeams',
        upstreamStatus: 503,
        resultIds: [],
        error: 'Missive answered 503',
      });
    });
  });

  describe('audit, sessions, live events and limits', () => {
    it('records every write with its agent, body, status and result ids', async () => {
      const harness = await start({});
      const [id = ''] = await conversationIds(harness, 1);
      const body = {
        posts: {
          conversation: id,
          notification: { title: 'a', body: 'b' },
          markdown: '**Refund approved**',
        },
      };
      const answer = await harness.request('/api/missive/v1/posts', {
        method: 'POST',
        agent: 'camille',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const postId = postsResponse.shape.posts.element.parse(
        (answer.json as { posts: unknown }).posts,
      ).id;
      const [entry] = await harness.store.listAudit({ limit: 1 });
      expect(entry).toMatchObject({
        agent: 'camille',
        endpoint: 'createPost',
        method: 'POST',
        path: '/v1/posts',
        upstreamStatus: 200,
        resultIds: [postId],
        error: null,
      });
      expect(entry?.requestBody).toEqual(body);
    });

    it('trades the key for a session token that works everywhere, and in ?token= only for events', async () => {
      const harness = await start({});
      const wrong = await harness.request('/api/session', {
        method: 'POST',
        key: null,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: 'nope' }),
      });
      expect(wrong.status).toBe(401);
      const session = await harness.request('/api/session', {
        method: 'POST',
        key: null,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: 'gateway-test-access-key-0123' }),
      });
      expect(session.status).toBe(201);
      const { token } = session.json as { token: string };
      expect((await harness.request('/api/limits', { key: token })).status).toBe(200);
      expect((await harness.request(`/api/limits?token=${token}`, { key: null })).status).toBe(401);
      const limits = await harness.request('/api/limits');
      limitsReportSchema.parse(limits.json);
    });

    it('turns a signed webhook into fresh reads and a live event; refuses a forged one', async () => {
      const harness = await start({});
      const [id = ''] = await conversationIds(harness, 1);
      await harness.request(`/api/missive/v1/conversations/${id}`); // now cached
      const session = await harness.request('/api/session', {
        method: 'POST',
        key: null,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: 'gateway-test-access-key-0123' }),
      });
      const { token } = session.json as { token: string };
      const stream = await connectEvents(`${harness.base}/api/events?token=${token}`);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      const received = stream.readUntil((text) => frames(text).length >= 2);

      const conversation = await harness.request(`/api/missive/v1/conversations/${id}`);
      const payload = JSON.stringify({
        rule: { id: 'r1', description: null, type: 'label_change' },
        conversation: conversationsResponse.parse(conversation.json).conversations[0],
      });
      const forged = await fetch(`${harness.base}/webhooks/missive`, {
        method: 'POST',
        headers: { 'X-Hook-Signature': 'f'.repeat(64) },
        body: payload,
      });
      expect(forged.status).toBe(401);
      const signature = createHmac('sha256', WEBHOOK_SECRET).update(payload).digest('hex');
      const delivered = await fetch(`${harness.base}/webhooks/missive`, {
        method: 'POST',
        headers: { 'X-Hook-Signature': `sha256=${signature}` },
        body: payload,
      });
      expect(delivered.status).toBe(200);
      const callsBefore = harness.upstreamCalls();

      const events = frames(await received).map((frame) => liveEventSchema.parse(frame.data));
      expect(events.map((event) => event.type)).toEqual(['conversation.changed', 'label.changed']);
      expect(events[0]).toMatchObject({ conversation: id, ruleType: 'label_change' });
      stream.abort();
      await harness.request(`/api/missive/v1/conversations/${id}`);
      // The cached read was dropped: the mirror's refresh (before the live event)
      // read the conversation from Missive again, and that read answers now.
      expect(harness.upstreamCalls() - callsBefore).toBe(1);
      expect(await harness.store.listWebhookEvents({ limit: 5 })).toHaveLength(1);
    });
  });
});
