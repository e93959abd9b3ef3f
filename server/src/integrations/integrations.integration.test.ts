import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deliveryListResponse,
  integrationListResponse,
  type DeliveryStatus,
  type IntegrationSettings,
} from '@crm/shared/integrations';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import type { PostRecord } from '../emulator/model';
import {
  startGatewayHarness,
  type Answer,
  type GatewayHarness,
  type HarnessOptions,
} from '../test/gateway-harness';
import { INTERRUPTED } from './delivery-queue';
import { hmacSha256Hex } from './signatures';

/**
 * Inbound integrations over real HTTP: a provider's signed delivery to the
 * gateway, the post the emulator receives, and what happens when either
 * side misbehaves (forged signatures, redeliveries, Missive refusing,
 * a gateway restarting with deliveries queued).
 */

const GITHUB_SECRET = 'github-secret-for-the-tests-0123';
const STRIPE_SECRET = 'whsec_stripe-secret-for-the-tests';
const harnesses: GatewayHarness[] = [];
const directories: string[] = [];

afterEach(async () => {
  for (const harness of harnesses.splice(0)) {
    await harness.stop();
    expect(harness.unexpected).toEqual([]);
  }
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

async function start(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const harness = await startGatewayHarness({
    integrationSecrets: { github: GITHUB_SECRET, stripe: STRIPE_SECRET },
    ...options,
  });
  harnesses.push(harness);
  return harness;
}

function fixture(provider: 'github' | 'stripe', name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${provider}/${name}.json`, import.meta.url));
}

let deliveryNumber = 0;

/** A delivery exactly as GitHub makes one: its headers, its signature over the bytes. */
function deliverGithub(
  harness: GatewayHarness,
  event: string,
  body: Buffer | string,
  {
    id = `delivery-${++deliveryNumber}`,
    secret = GITHUB_SECRET,
    signature,
  }: { id?: string; secret?: string; signature?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-GitHub-Event': event,
    'X-GitHub-Delivery': id,
  };
  const sign = signature === undefined ? `sha256=${hmacSha256Hex(secret, body)}` : signature;
  if (sign !== null) headers['X-Hub-Signature-256'] = sign;
  return harness.request('/integrations/github', { method: 'POST', key: null, headers, body });
}

function deliverStripe(
  harness: GatewayHarness,
  body: Buffer | string,
  { timestamp = Math.floor(Date.now() / 1000) }: { timestamp?: number } = {},
): Promise<Answer> {
  const signed = `${timestamp}.${body.toString()}`;
  return harness.request('/integrations/stripe', {
    method: 'POST',
    key: null,
    headers: {
      'Content-Type': 'application/json',
      'Stripe-Signature': `t=${timestamp},v1=${hmacSha256Hex(STRIPE_SECRET, signed)}`,
    },
    body,
  });
}

/** The issues event of the fixture, moved to another state (GitHub's own shape, another action). */
function issueEvent(action: string, changes: Record<string, unknown> = {}): string {
  const payload = JSON.parse(fixture('github', 'issues-opened').toString()) as {
    action: string;
    issue: Record<string, unknown>;
  };
  payload.action = action;
  Object.assign(payload.issue, changes);
  return JSON.stringify(payload);
}

/** Until nothing is queued or being sent: every delivery posted or given up on. */
async function settled(harness: GatewayHarness): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await harness.integrations.queue.idle();
    const { queued, sending } = await counts(harness);
    if (queued + sending === 0) return;
    if (Date.now() > deadline) throw new Error(`${queued + sending} deliveries still pending`);
    await delay(20);
  }
}

/**
 * The gateway's posts under this username: the seed's organisation has
 * integration posts of its own, with icons from elsewhere.
 */
function postsBy(harness: GatewayHarness, username: string): PostRecord[] {
  return harness.emulator.state.data.posts.filter(
    (post) =>
      post.username === username && post.username_icon?.includes('/assets/integrations/') === true,
  );
}

async function counts(harness: GatewayHarness): Promise<Record<DeliveryStatus, number>> {
  return harness.store.integrations.countDeliveries();
}

describe('GitHub deliveries become posts', () => {
  it('posts an opened issue in a conversation of its own, with its subject, link and colour', async () => {
    const harness = await start();
    const answer = await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    expect(answer.status).toBe(202);
    await settled(harness);

    const [post] = postsBy(harness, 'GitHub');
    expect(postsBy(harness, 'GitHub')).toHaveLength(1);
    expect(post).toMatchObject({
      username: 'GitHub',
      username_icon: `${harness.base}/assets/integrations/github.png`,
      notification: {
        title: 'GitHub',
        body: 'Codertocat/Hello-World#1: Spelling error in the README file',
      },
    });
    expect(post?.markdown).toContain('](https://github.com/Codertocat/Hello-World/issues/1)');
    const conversation = harness.emulator.state.data.conversations.find(
      (candidate) => candidate.id === post?.conversation,
    );
    expect(conversation).toMatchObject({
      subject: 'Codertocat/Hello-World#1: Spelling error in the README file',
      color: '#1a7f37',
      references: ['github:Codertocat/Hello-World#1'],
    });
    // Audited under the integration's name, like every write.
    const audit = await harness.store.listAudit({ limit: 5, agent: 'integration:github' });
    expect(audit.map((entry) => [entry.endpoint, entry.upstreamStatus])).toEqual([
      ['createPost', 200],
    ]);
  });

  it('appends "closed" to the same conversation and recolours it', async () => {
    const harness = await start();
    await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    await deliverGithub(
      harness,
      'issues',
      issueEvent('closed', { state: 'closed', state_reason: 'completed' }),
    );
    await settled(harness);

    const posts = postsBy(harness, 'GitHub');
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((post) => post.conversation)).size).toBe(1);
    const conversation = harness.emulator.state.data.conversations.find(
      (candidate) => candidate.id === posts[0]?.conversation,
    );
    expect(conversation?.color).toBe('#8250df');
  });

  it('takes a redelivery once: same delivery id, one post', async () => {
    const harness = await start();
    const body = fixture('github', 'issues-opened');
    const first = await deliverGithub(harness, 'issues', body, { id: 'redelivered-1' });
    const again = await Promise.all([
      deliverGithub(harness, 'issues', body, { id: 'redelivered-1' }),
      deliverGithub(harness, 'issues', body, { id: 'redelivered-1' }),
    ]);
    expect(first.status).toBe(202);
    expect(again.map((answer) => [answer.status, answer.json])).toEqual([
      [200, { ok: true, delivery: 1, duplicate: true }],
      [200, { ok: true, delivery: 1, duplicate: true }],
    ]);
    await settled(harness);
    expect(postsBy(harness, 'GitHub')).toHaveLength(1);
  });

  it('takes a replayed body under a new delivery id once: the id is an unsigned header', async () => {
    const harness = await start();
    const body = fixture('github', 'issues-opened');
    expect((await deliverGithub(harness, 'issues', body, { id: 'original' })).status).toBe(202);
    const replay = await deliverGithub(harness, 'issues', body, { id: 'forged-new-id' });
    expect([replay.status, replay.json]).toEqual([200, { ok: true, delivery: 1, duplicate: true }]);
    await settled(harness);
    expect(postsBy(harness, 'GitHub')).toHaveLength(1);
  });

  it('answers a ping without posting', async () => {
    const harness = await start();
    const answer = await deliverGithub(harness, 'ping', fixture('github', 'ping'));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      ok: true,
      ignored: expect.stringContaining('ping') as unknown,
    });
    expect(await counts(harness)).toEqual({ queued: 0, sending: 0, sent: 0, dead: 0 });
  });

  it.each([
    ['forged', { signature: `sha256=${'0'.repeat(64)}` }, /does not match/],
    ['signed with another secret', { secret: 'not-the-secret-at-all-0123' }, /does not match/],
    ['unsigned', { signature: null }, /missing X-Hub-Signature-256/],
    ['malformed', { signature: 'sha1=abc' }, /X-Hub-Signature-256/],
  ] as const)(
    'refuses a %s delivery with 401 and queues nothing',
    async (_case, options, message) => {
      const harness = await start();
      const answer = await deliverGithub(
        harness,
        'issues',
        fixture('github', 'issues-opened'),
        options,
      );
      expect(answer.status).toBe(401);
      expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(message);
      expect(await counts(harness)).toEqual({ queued: 0, sending: 0, sent: 0, dead: 0 });
      expect(postsBy(harness, 'GitHub')).toHaveLength(0);
    },
  );

  it('answers bad bodies with a precise 400 and unknown or disabled providers with 404', async () => {
    const harness = await start({ integrationSecrets: { github: GITHUB_SECRET } });
    const notJson = await deliverGithub(harness, 'issues', '{"action":');
    expect([notJson.status, errorEnvelopeSchema.parse(notJson.json).error.message]).toEqual([
      400,
      'the delivery body is not valid JSON',
    ]);
    const noRepository = await deliverGithub(harness, 'issues', '{"action":"opened","issue":{}}');
    expect(noRepository.status).toBe(400);
    expect(errorEnvelopeSchema.parse(noRepository.json).error.message).toMatch(/repository/);
    const deep = await deliverGithub(harness, 'issues', `${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(deep.status).toBe(400);
    for (const provider of ['stripe', 'nobody']) {
      const answer = await harness.request(`/integrations/${provider}`, {
        method: 'POST',
        key: null,
        body: '{}',
      });
      expect(answer.status).toBe(404);
    }
    expect(await counts(harness)).toEqual({ queued: 0, sending: 0, sent: 0, dead: 0 });
  });
});

describe('hostile deliveries', () => {
  it('answers any signed body with 202, 200 or a precise 400, never a 500, and stays up', async () => {
    const harness = await start();
    const opened = JSON.parse(fixture('github', 'issues-opened').toString()) as Record<
      string,
      unknown
    >;
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
      fc.json().map((text) => Buffer.from(text)),
      // GitHub's shape with any one field replaced by anything.
      fc
        .tuple(fc.constantFrom(...Object.keys(opened)), fc.jsonValue())
        .map(([key, value]) => Buffer.from(JSON.stringify({ ...opened, [key]: value }))),
    );
    const events = fc.constantFrom(
      'issues',
      'issue_comment',
      'pull_request',
      'release',
      'push',
      '',
    );
    await fc.assert(
      fc.asyncProperty(bodies, events, async (body, event) => {
        const answer = await deliverGithub(harness, event, body);
        expect([200, 202, 400]).toContain(answer.status);
        if (answer.status === 400)
          expect(errorEnvelopeSchema.safeParse(answer.json).success).toBe(true);
      }),
      { numRuns: 150 },
    );
    await settled(harness);
    expect((await harness.request('/api/health')).status).toBe(200);
  });

  it('refuses an oversized body, and names that are not providers before reading theirs', async () => {
    const harness = await start();
    const huge = Buffer.alloc(6 * 1024 * 1024, 0x20);
    expect((await deliverGithub(harness, 'issues', huge)).status).toBe(413);
    const unknown = await harness.request('/integrations/nobody', {
      method: 'POST',
      key: null,
      body: huge,
    });
    expect(unknown.status).toBe(404);
    for (const path of [
      '/integrations/..%2Fapi%2Fkeys',
      '/integrations/%00',
      '/integrations/GITHUB',
    ]) {
      const answer = await harness.request(path, { method: 'POST', key: null, body: '{}' });
      expect(answer.status).toBe(404);
      expect(errorEnvelopeSchema.safeParse(answer.json).success).toBe(true);
    }
    expect(await counts(harness)).toEqual({ queued: 0, sending: 0, sent: 0, dead: 0 });
  });
});

describe('the exact post a recorded payload makes', () => {
  it('GitHub: issues.opened', async () => {
    const harness = await start();
    await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    await settled(harness);
    expect(postsBy(harness, 'GitHub')).toEqual([
      {
        id: expect.any(String) as unknown,
        conversation: expect.any(String) as unknown,
        created_at: expect.any(Number) as unknown,
        username: 'GitHub',
        username_icon: `${harness.base}/assets/integrations/github.png`,
        text: null,
        markdown:
          '**Codertocat** opened issue [Codertocat/Hello-World#1](https://github.com/Codertocat/Hello-World/issues/1): Spelling error in the README file\n\n' +
          "> It looks like you accidently spelled 'commit' with two 't's.",
        notification: {
          title: 'GitHub',
          body: 'Codertocat/Hello-World#1: Spelling error in the README file',
        },
        attachments: [],
      },
    ]);
  });

  it('Stripe: invoice.payment_failed, for a customer the mirror does not know', async () => {
    const harness = await start();
    await deliverStripe(harness, fixture('stripe', 'invoice-payment-failed'));
    await settled(harness);
    const posts = postsBy(harness, 'Stripe');
    expect(posts).toEqual([
      {
        id: expect.any(String) as unknown,
        conversation: expect.any(String) as unknown,
        created_at: expect.any(Number) as unknown,
        username: 'Stripe',
        username_icon: `${harness.base}/assets/integrations/stripe.png`,
        text: null,
        markdown: [
          '**Invoice F4A2C1D0-0001 payment failed** · $10.00 · test mode',
          '',
          '- Customer: Jenny Rosen · jenny.rosen@example.com · cus\\_QXg1o8vcGmoR32',
          '- Attempt 1 failed; Stripe tries again on 2009-02-20',
          '- [Hosted invoice page](https://invoice.stripe.com/i/acct_1PgafTB7WZ01zgkW/test_YWNjdF8xUGdhZlRCN1daMDF6Z2tX)',
          '',
          '[Open the invoice in Stripe](https://dashboard.stripe.com/test/invoices/in_1Pgc6tB7WZ01zgkWu9fdqL6I)',
        ].join('\n'),
        notification: { title: 'Stripe', body: 'Stripe: jenny.rosen@example.com' },
        attachments: [],
      },
    ]);
    const conversation = harness.emulator.state.data.conversations.find(
      (candidate) => candidate.id === posts[0]?.conversation,
    );
    expect(conversation).toMatchObject({
      subject: 'Stripe: jenny.rosen@example.com',
      color: 'danger',
      references: ['stripe:customer:cus_QXg1o8vcGmoR32'],
    });
  });
});

describe('Missive refusing a post', () => {
  it('retries a 429 and a 503 from a durable queue, then posts once', async () => {
    const harness = await start({ throughProxy: true });
    const proxy = harness.proxy;
    if (!proxy) throw new Error('no proxy');
    // Retry-After: 0 keeps the test quick; the gateway itself repeats a 429
    // three times before the queue hears of it.
    const tooMany = {
      status: 429,
      body: { error: { message: 'Too many requests' } },
      headers: { 'Retry-After': '0' },
    };
    const refusals = [
      tooMany,
      tooMany,
      tooMany,
      tooMany,
      { status: 503, body: { error: { message: 'Service unavailable' } } },
    ];
    proxy.intercept = (url) => (url.pathname === '/v1/posts' ? refusals.shift() : undefined);

    expect(
      (await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'))).status,
    ).toBe(202);
    await settled(harness);

    expect(refusals).toEqual([]);
    expect(postsBy(harness, 'GitHub')).toHaveLength(1);
    const { deliveries } = deliveryListResponse.parse(
      (await harness.request('/api/integrations/deliveries')).json,
    );
    expect(deliveries).toMatchObject([{ status: 'sent', attempts: 3 }]);
  });

  it('puts a post Missive keeps refusing in the dead-letter list, and Retry sends it once', async () => {
    const harness = await start({ throughProxy: true });
    const proxy = harness.proxy;
    if (!proxy) throw new Error('no proxy');
    proxy.intercept = (url) =>
      url.pathname === '/v1/posts'
        ? { status: 503, body: { error: { message: 'Service unavailable' } } }
        : undefined;

    await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    await settled(harness);
    const dead = deliveryListResponse.parse(
      (await harness.request('/api/integrations/deliveries?status=dead')).json,
    );
    expect(dead.counts).toMatchObject({ dead: 1, queued: 0 });
    expect(dead.deliveries[0]?.lastError).toMatch(
      /Missive answered 503: Service unavailable \(gave up after 4 tries\)/,
    );

    proxy.intercept = undefined;
    const id = dead.deliveries[0]?.id ?? 0;
    const retried = await harness.request(`/api/integrations/deliveries/${id}/retry`, {
      method: 'POST',
    });
    expect(retried.status).toBe(200);
    await settled(harness);
    expect(postsBy(harness, 'GitHub')).toHaveLength(1);
    const again = await harness.request(`/api/integrations/deliveries/${id}/retry`, {
      method: 'POST',
    });
    expect([again.status, errorEnvelopeSchema.parse(again.json).error.message]).toEqual([
      409,
      `delivery ${id} is sent: only a delivery that failed can be retried`,
    ]);
    expect(
      (await harness.request('/api/integrations/deliveries/999/retry', { method: 'POST' })).status,
    ).toBe(404);
  });

  it('lets only an admin retry: a dead letter may already be posted', async () => {
    const harness = await start({ throughProxy: true });
    const proxy = harness.proxy;
    if (!proxy) throw new Error('no proxy');
    proxy.intercept = (url) =>
      url.pathname === '/v1/posts'
        ? { status: 400, body: { error: { message: 'no' } } }
        : undefined;
    await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    await settled(harness);
    const agentKey = await harness.keyFor('Robin');
    const listed = await harness.request('/api/integrations/deliveries', { key: agentKey });
    expect(deliveryListResponse.parse(listed.json).deliveries).toMatchObject([{ status: 'dead' }]);
    const refused = await harness.request('/api/integrations/deliveries/1/retry', {
      method: 'POST',
      key: agentKey,
    });
    expect(refused.status).toBe(403);
    expect(await counts(harness)).toMatchObject({ dead: 1, queued: 0 });
  });

  it('does not retry a post Missive may have made (no answer): a person decides', async () => {
    const harness = await start({ throughProxy: true, upstreamTimeoutMs: 300 });
    const proxy = harness.proxy;
    if (!proxy) throw new Error('no proxy');
    proxy.latencyMs = 1_000;
    await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    await settled(harness);
    const { deliveries } = deliveryListResponse.parse(
      (await harness.request('/api/integrations/deliveries')).json,
    );
    expect(deliveries).toMatchObject([{ status: 'dead', attempts: 1 }]);
    expect(deliveries[0]?.lastError).toMatch(/may or may not have been applied/);
  });
});

describe('a gateway restarting with deliveries queued', () => {
  it('posts each queued delivery once, and hands a half-sent one to a person', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'integrations-restart-'));
    directories.push(dataDir);
    const before = await start({ dataDir, holdIntegrationQueue: true });
    await deliverGithub(before, 'issues', fixture('github', 'issues-opened'));
    await deliverGithub(
      before,
      'issues',
      issueEvent('closed', { state: 'closed', state_reason: 'completed' }),
    );
    await deliverGithub(before, 'issues', issueEvent('reopened', { state: 'open' }));
    // The third was being sent when the gateway died, and its claim ran out unrenewed.
    expect(
      await before.store.integrations.claim(3, { owner: 'the stopped gateway', until: 0 }),
    ).toBe(true);
    harnesses.splice(harnesses.indexOf(before), 1);
    await before.stop();

    const after = await start({ dataDir });
    await settled(after);
    const posts = postsBy(after, 'GitHub');
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((post) => post.conversation)).size).toBe(1);
    const { deliveries } = deliveryListResponse.parse(
      (await after.request('/api/integrations/deliveries')).json,
    );
    expect(deliveries.map((delivery) => [delivery.id, delivery.status])).toEqual([
      [3, 'dead'],
      [2, 'sent'],
      [1, 'sent'],
    ]);
    expect(deliveries[0]?.lastError).toBe(INTERRUPTED);
  });
});

describe('Stripe deliveries', () => {
  it('posts a failed payment into the conversation the mirror knows for the customer', async () => {
    const harness = await start();
    await harness.mirror.sync.runOnce();
    // A customer of the demo organisation pays: Stripe knows their email.
    const customer = harness.emulator.state.data.messages.find((message) => !message.outgoing);
    const email = customer?.from_field.address;
    if (!email) throw new Error('the seed has no incoming email');
    const [known] = await harness.mirror.reader.conversationsWith(
      { emails: [email] },
      { limit: 1 },
    );
    const event = JSON.parse(fixture('stripe', 'payment-intent-payment-failed').toString()) as {
      data: { object: { receipt_email: string } };
    };
    event.data.object.receipt_email = email;

    expect((await deliverStripe(harness, JSON.stringify(event))).status).toBe(202);
    await settled(harness);
    const [post] = postsBy(harness, 'Stripe');
    expect(post?.conversation).toBe(known?.record.id);
    expect(post?.markdown).toMatch(/failed/i);
    const conversation = harness.emulator.state.data.conversations.find(
      (candidate) => candidate.id === post?.conversation,
    );
    expect(conversation?.color).toBe('danger');
  });

  it('starts a conversation of its own for a customer the mirror does not know', async () => {
    const harness = await start();
    expect((await deliverStripe(harness, fixture('stripe', 'invoice-paid'))).status).toBe(202);
    expect((await deliverStripe(harness, fixture('stripe', 'invoice-payment-failed'))).status).toBe(
      202,
    );
    await settled(harness);
    const posts = postsBy(harness, 'Stripe');
    expect(posts).toHaveLength(2);
    const seeded = new Set(
      harness.emulator.state.data.messages.map((message) => message.conversation),
    );
    expect(posts.some((post) => seeded.has(post.conversation))).toBe(false);
  });

  it('refuses a stale signature (a replay) with 401 and queues nothing', async () => {
    const harness = await start();
    const answer = await deliverStripe(harness, fixture('stripe', 'invoice-paid'), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(answer.status).toBe(401);
    expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(/old/);
    expect(await counts(harness)).toEqual({ queued: 0, sending: 0, sent: 0, dead: 0 });
  });
});

describe('setting integrations up from the dashboard', () => {
  const settings = (changes: Partial<IntegrationSettings> = {}) => ({
    enabled: true,
    organization: null,
    team: null,
    labels: [],
    reopen: false,
    username: '',
    icon: '',
    template: null,
    ...changes,
  });

  it('enables GitHub with a secret that is stored sealed and never read back', async () => {
    const harness = await start({ integrationSecrets: {} });
    const secret = 'a-secret-typed-in-the-dashboard';
    const put = await harness.request('/api/integrations/github', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'github', settings: settings({ username: 'Bugs' }), secret }),
    });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(secret);
    const list = integrationListResponse.parse((await harness.request('/api/integrations')).json);
    expect(
      list.integrations.map((integration) => [
        integration.provider,
        integration.secret,
        integration.settings.enabled,
      ]),
    ).toEqual([
      ['github', 'dashboard', true],
      ['stripe', 'none', false],
    ]);
    const stored = await harness.store.integrations.getIntegration('github');
    expect(stored?.secretSealed).toBeTruthy();
    expect(stored?.secretSealed).not.toContain(secret);

    expect(
      (await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'), { secret }))
        .status,
    ).toBe(202);
    await settled(harness);
    expect(postsBy(harness, 'Bugs')).toHaveLength(1);
  });

  it('is for admins only, and refuses settings that cannot work', async () => {
    const harness = await start({ integrationSecrets: {} });
    const agentKey = await harness.keyFor('Robin');
    expect((await harness.request('/api/integrations', { key: agentKey })).status).toBe(403);
    const put = (provider: string, body: unknown) =>
      harness.request(`/api/integrations/${provider}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const refusals = await Promise.all([
      put('github', { kind: 'github', settings: settings() }),
      put('github', { kind: 'stripe', settings: settings(), secret: 'x'.repeat(20) }),
      put('sentry', { kind: 'generic', settings: settings(), secret: 'x'.repeat(20) }),
      put('Bad Name', { kind: 'generic', settings: settings() }),
      put('github', { kind: 'github', settings: settings(), secret: 'short' }),
    ]);
    expect(
      refusals.map((answer) => [
        answer.status,
        errorEnvelopeSchema.parse(answer.json).error.message,
      ]),
    ).toEqual([
      [
        400,
        'secret: set a secret before enabling the provider; every delivery is checked against it',
      ],
      [400, '"github" is the built-in github provider: its kind is "github"'],
      [400, 'settings.template: a generic provider needs a template to make its posts'],
      [400, expect.stringMatching(/^provider: /) as unknown],
      [400, expect.stringMatching(/secret/) as unknown],
    ]);
  });

  it('keeps an environment secret out of the dashboard’s reach, and a disabled provider closed', async () => {
    const harness = await start({ integrationSecrets: { github: GITHUB_SECRET } });
    const put = (body: unknown) =>
      harness.request('/api/integrations/github', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const changed = await put({ kind: 'github', settings: settings(), secret: 'y'.repeat(20) });
    expect([changed.status, errorEnvelopeSchema.parse(changed.json).error.message]).toEqual([
      400,
      "secret: github's secret comes from GITHUB_WEBHOOK_SECRET; change it there",
    ]);
    const list = integrationListResponse.parse((await harness.request('/api/integrations')).json);
    expect(list.integrations[0]).toMatchObject({ provider: 'github', secret: 'environment' });
    expect((await put({ kind: 'github', settings: settings({ enabled: false }) })).status).toBe(
      200,
    );
    const refused = await deliverGithub(harness, 'issues', fixture('github', 'issues-opened'));
    expect(refused.status).toBe(404);
  });

  it('turns a generic provider’s deliveries into posts from its template', async () => {
    const harness = await start();
    const secret = 'generic-secret-for-the-tests';
    const template = {
      references: 'alerts:{{alert.id}}',
      subject: 'Alert {{alert.id}}: {{alert.title}}',
      markdown: '**{{alert.title}}** is {{alert.state}}',
      eventId: '{{event}}',
      color: 'danger',
    };
    const put = await harness.request('/api/integrations/alerts', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'generic', settings: settings({ template }), secret }),
    });
    expect(put.status).toBe(200);
    const body = JSON.stringify({
      event: 'e-1',
      alert: { id: 7, title: 'Disk full', state: 'firing' },
    });
    const answer = await harness.request('/integrations/alerts', {
      method: 'POST',
      key: null,
      headers: { 'X-Signature-256': `sha256=${hmacSha256Hex(secret, body)}` },
      body,
    });
    expect(answer.status).toBe(202);
    await settled(harness);
    const [post] = postsBy(harness, 'Webhook');
    expect(post?.markdown).toBe('**Disk full** is firing');
    expect(post?.username_icon).toBe(`${harness.base}/assets/integrations/generic.png`);
  });
});
