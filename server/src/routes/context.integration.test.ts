import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conversationContextSchema, type ConversationContext } from '@crm/shared/context';
import { fetchConversationsResponse } from '@crm/shared/emulator-control';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { conversationsResponse, type Conversation } from '@crm/shared/missive/conversations';
import { usersResponse } from '@crm/shared/missive/people';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

/**
 * The sidebar's context over HTTP, through the whole gateway and the
 * emulator: answered from the mirror without spending Missive's budget once
 * the sync has loaded it, from Missive (once) for what it has never seen.
 */

let harness: GatewayHarness;
let inbox: Conversation[];
let ourDomains: Set<string>;

beforeAll(async () => {
  harness = await startGatewayHarness();
  const { failures } = await harness.mirror.sync.runOnce();
  expect(failures).toEqual([]);
  const listed = await harness.request('/api/missive/v1/conversations?inbox=true&limit=50');
  inbox = conversationsResponse.parse(listed.json).conversations;
  const users = usersResponse.parse((await harness.request('/api/missive/v1/users')).json).users;
  ourDomains = new Set(users.map((user) => domainOf(user.email)));
});

afterAll(async () => {
  await harness.stop();
});

afterEach(() => {
  expect(harness.unexpected).toEqual([]);
});

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

async function context(
  id: string,
  init: { method?: string; body?: string; contentType?: string } = {},
) {
  const answer = await harness.request(`/api/context/${encodeURIComponent(id)}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': init.contentType ?? 'application/json' },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return answer;
}

async function contextOf(id: string): Promise<ConversationContext> {
  const answer = await context(id);
  expect(answer.status, answer.text).toBe(200);
  return conversationContextSchema.parse(answer.json);
}

/** An Inbox conversation whose customer is a known contact with other conversations. */
async function knownCustomerConversation(): Promise<ConversationContext> {
  for (const conversation of inbox) {
    const found = await contextOf(conversation.id);
    const [person] = found.participants;
    if (person?.contacts.length && person.other_conversations.length) return found;
  }
  throw new Error('the Inbox has no conversation with a known, returning customer');
}

describe('GET /api/context/:id', () => {
  it('answers a mirrored conversation whole, with no call to Missive', async () => {
    const before = harness.upstreamCalls();
    const found = await knownCustomerConversation();
    expect(harness.upstreamCalls()).toBe(before);

    expect(found.sources).toEqual({ conversation: 'mirror', participants: 'mirror' });
    const [person] = found.participants;
    if (!person?.email) throw new Error('expected an email participant');
    // Matched by address across the books, case aside.
    const emails = person.contacts.flatMap((contact) =>
      (contact.infos ?? []).flatMap((info) =>
        info.kind === 'email' && info.value ? [info.value.toLowerCase()] : [],
      ),
    );
    expect(emails).toContain(person.email);
    expect(person.other_conversations.map(({ id }) => id)).not.toContain(found.conversation.id);
    const times = person.other_conversations.map((other) => other.last_activity_at ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(found.labels.map(({ id }) => id).sort()).toEqual(
      found.conversation.shared_labels.map(({ id }) => id).sort(),
    );
    expect(found.as_of.conversation).toBeGreaterThan(0);
  });

  it('lists the customers, never the team', async () => {
    for (const conversation of inbox.slice(0, 20)) {
      const found = await contextOf(conversation.id);
      for (const person of found.participants) {
        if (person.email) expect(ourDomains.has(domainOf(person.email))).toBe(false);
      }
    }
  });

  it('reads a conversation the mirror lacks from Missive once, then from the mirror', async () => {
    const [first] = inbox;
    if (!first) throw new Error('empty inbox');
    await harness.store.mirror.write({ deletes: [{ kind: 'conversations', ids: [first.id] }] });

    let before = harness.upstreamCalls();
    const fetched = await contextOf(first.id);
    expect(harness.upstreamCalls() - before).toBe(1);
    expect(fetched.sources.conversation).toBe('missive');
    expect(fetched.conversation.id).toBe(first.id);

    before = harness.upstreamCalls();
    expect((await contextOf(first.id)).sources.conversation).toBe('mirror');
    expect(harness.upstreamCalls()).toBe(before);
  });

  it('answers 404 in the error envelope for a conversation nobody knows', async () => {
    const answer = await context('no-such-conversation');
    expect(answer.status).toBe(404);
    expect(errorEnvelopeSchema.parse(answer.json).error.message).toContain('no-such-conversation');
  });

  it('refuses a malformed id with 400 before asking anyone', async () => {
    const before = harness.upstreamCalls();
    const answer = await context('x'.repeat(1_000));
    expect(answer.status).toBe(400);
    expect(harness.upstreamCalls()).toBe(before);
  });
});

describe('POST /api/context/:id with what the host window knows', () => {
  it('adds the recipients of the latest message the host gave, matched like the rest', async () => {
    const [first] = inbox;
    if (!first) throw new Error('empty inbox');
    const host = {
      id: first.id,
      latest_message: {
        from_field: { name: 'Support', address: `support@${[...ourDomains][0] ?? 'x'}` },
        to_fields: [{ name: 'Zoë Newcomer', address: 'Zoe.Newcomer@Example.org' }],
        cc_fields: [],
      },
    };
    const answer = await context(first.id, { method: 'POST', body: JSON.stringify({ host }) });
    expect(answer.status, answer.text).toBe(200);
    const found = conversationContextSchema.parse(answer.json);
    expect(found.sources.participants).toBe('host');
    expect(found.participants).toContainEqual(
      expect.objectContaining({ name: 'Zoë Newcomer', email: 'zoe.newcomer@example.org' }),
    );
    expect(found.participants.map((person) => person.email)).not.toContain(
      host.latest_message.from_field.address,
    );
  });

  it('refuses host data for another conversation, malformed JSON and unknown fields', async () => {
    const [first, second] = inbox;
    if (!first || !second) throw new Error('inbox too small');
    const other = await context(first.id, {
      method: 'POST',
      body: JSON.stringify({ host: { id: second.id } }),
    });
    expect(other.status).toBe(400);
    expect(errorEnvelopeSchema.parse(other.json).error.message).toContain(second.id);

    const broken = await context(first.id, { method: 'POST', body: '{"host": {' });
    expect(broken.status).toBe(400);
    errorEnvelopeSchema.parse(broken.json);

    const unknown = await context(first.id, {
      method: 'POST',
      body: JSON.stringify({ hots: { id: first.id } }),
    });
    expect(unknown.status).toBe(400);
  });

  it('refuses a body over the size limit with 413', async () => {
    const [first] = inbox;
    if (!first) throw new Error('empty inbox');
    const answer = await context(first.id, {
      method: 'POST',
      body: JSON.stringify({ host: { id: first.id, subject: 'x'.repeat(20_000_000) } }),
    });
    expect(answer.status).toBe(413);
  });
});

describe('the playground, playing Missive’s window', () => {
  it('reads lists and fetchConversations from the emulator without spending the budget', async () => {
    const [first] = inbox;
    if (!first) throw new Error('empty inbox');
    const before = harness.upstreamCalls();
    const listed = await harness.request('/api/playground/missive/v1/conversations?inbox=true');
    expect(listed.status).toBe(200);
    expect(conversationsResponse.parse(listed.json).conversations.length).toBeGreaterThan(0);

    const fetched = await harness.request('/api/playground/conversations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [first.id] }),
    });
    expect(fetched.status, fetched.text).toBe(200);
    const [window] = fetchConversationsResponse.parse(fetched.json).conversations;
    expect(window?.id).toBe(first.id);
    // The sidebar asks for the latest message without its body.
    expect(window?.latest_message).toBeDefined();
    expect(window?.latest_message?.body).toBeUndefined();
    expect(harness.upstreamCalls()).toBe(before);
  });

  it('offers only reads, and checks them as the proxy does', async () => {
    const write = await harness.request('/api/playground/missive/v1/posts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(write.status).toBe(404);
    const bad = await harness.request('/api/playground/missive/v1/conversations');
    expect(bad.status).toBe(400);
    const noIds = await harness.request('/api/playground/conversations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [] }),
    });
    expect(noIds.status).toBe(400);
  });
});

describe('the playground in live mode', () => {
  it('does not exist', async () => {
    const live = await startGatewayHarness({ mode: 'live' });
    try {
      const answer = await live.request('/api/playground/conversations', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids: ['x'] }),
      });
      expect(answer.status).toBe(404);
    } finally {
      await live.stop();
    }
  });
});

describe('a context the budget has no room for', () => {
  it('is refused with 503 and the Retry-After a script backs off by', async () => {
    // One call a minute, and no mirror: every context needs Missive.
    const starved = await startGatewayHarness({
      gatewayLimits: 'concurrent=5,1/60s',
      queueTimeoutMs: 200,
    });
    try {
      const listed = starved.emulator.state.data.conversations.slice(0, 2);
      const [first, second] = listed.map((conversation) => conversation.id);
      expect((await starved.request(`/api/context/${first ?? ''}`)).status).toBe(200);
      const refused = await starved.request(`/api/context/${second ?? ''}`);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1);
      expect(errorEnvelopeSchema.parse(refused.json).error).toMatchObject({
        code: 'overloaded',
        message: expect.stringContaining('Missive is busy') as unknown,
      });
    } finally {
      await starved.stop();
    }
  });
});
