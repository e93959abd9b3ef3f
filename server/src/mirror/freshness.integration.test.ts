import { describe, expect, it } from 'vitest';
import { contactsResponse } from '@crm/shared/missive/contacts';
import { conversationsResponse, type Conversation } from '@crm/shared/missive/conversations';
import type { WebhookPayload } from '@crm/shared/missive/hooks';
import { sharedLabelsResponse } from '@crm/shared/missive/labels';
import { taskResponse } from '@crm/shared/missive/tasks';
import { syncReportSchema } from '@crm/shared/sync';
import { EMULATOR_TOKEN } from '../test/gateway-harness';
import { directMissive } from '../test/direct-missive';
import { harnessPerFile } from '../test/harness-per-file';

/**
 * The mirror between sync rounds, through the whole app: a webhook refreshes
 * the conversation it names at once, the gateway's own writes land in the
 * mirror from Missive's answers, and GET /api/sync reports it all.
 */

const harness = harnessPerFile({}, async (started) => {
  external = directMissive(started.emulator.baseUrl, EMULATOR_TOKEN);
  const { failures } = await started.mirror.sync.runOnce();
  expect(failures).toEqual([]);
});

/** Missive's API called directly: what someone does in Missive's own app. */
let external: ReturnType<typeof directMissive>;

/** A call through the gateway's allowlisted proxy, as the sidebar makes it. */
async function throughGateway(path: string, method: string, body: unknown) {
  const answer = await harness().request(`/api/missive/v1${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(answer.status, answer.text).toBeLessThan(300);
  return answer.json;
}

async function deliver(payload: WebhookPayload) {
  await deliverRaw(payload);
}

/** Any JSON, signed: what a delivery Missive shaped differently would look like. */
async function deliverRaw(payload: unknown) {
  expect((await harness().deliverWebhook(payload)).status).toBe(200);
}

function someConversation(): Conversation['id'] {
  const me = harness().emulator.state.me().id;
  const found = harness().emulator.state.data.conversations.find(
    (conversation) => !conversation.merged_into && conversation.users[me] && !conversation.trashed,
  );
  if (!found) throw new Error('the seed has no conversation of the token owner');
  return found.id;
}

function organization(): string {
  const found = harness().emulator.state.data.organizations[0];
  if (!found) throw new Error('the seed has no organization');
  return found.id;
}

describe('GET /api/sync', () => {
  it('reports every object live with its rows and the calls spent', async () => {
    const answer = await harness().request('/api/sync');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const report = syncReportSchema.parse(answer.json);
    expect(report.objects.map((object) => object.object)).toEqual([
      'organizations',
      'users',
      'teams',
      'shared_labels',
      'contact_books',
      'contact_groups',
      'contacts',
      'conversations',
      'tasks',
      'responses',
    ]);
    for (const object of report.objects) {
      expect(object.state, object.object).toBe('live');
      expect(object.calls, object.object).toBeGreaterThan(0);
      expect(object.lagMs, object.object).toBeGreaterThanOrEqual(0);
    }
    expect(report.objects.find((object) => object.object === 'contacts')?.rows).toBe(
      harness().emulator.state.data.contacts.filter((contact) => !contact.deleted).length,
    );
    expect(report).toMatchObject({ running: false, budgetShare: 1 });
  });

  it('is for signed-in users only', async () => {
    expect((await harness().request('/api/sync', { key: null })).status).toBe(401);
  });
});

describe('a webhook', () => {
  it('stores the conversation a delivery carries at once, with no call, and learns its recipients', async () => {
    const id = someConversation();
    // Someone renames the conversation in Missive; the sync has not run since.
    await external(`/conversations/${id}`, {
      method: 'PATCH',
      body: { conversations: [{ id, subject: 'Renamed in Missive' }] },
    });
    expect((await harness().mirror.reader.getConversation(id))?.record.subject).not.toBe(
      'Renamed in Missive',
    );
    const [conversation] = conversationsResponse.parse(
      await external(`/conversations/${id}`),
    ).conversations;
    if (!conversation) throw new Error('the conversation vanished');
    const before = harness().upstreamCalls();
    await deliver({
      rule: { id: 'rule-1', description: 'changes', type: 'conversation_change' },
      conversation,
      latest_message: {
        id: 'm-1',
        subject: 'Re: order',
        preview: null,
        type: 'email',
        delivered_at: conversation.last_activity_at ?? 0,
        updated_at: 0,
        created_at: 0,
        email_message_id: null,
        in_reply_to: [],
        references: [],
        from_field: { name: 'Camille Fortin', address: 'support@brightwell.io' },
        to_fields: [{ name: 'Ada', address: 'Ada.Recipient@Example.com' }],
        cc_fields: [{ name: null, address: 'accounts@example.com' }],
        bcc_fields: [],
        reply_to_fields: [],
        attachments: [],
      },
    });
    await expect
      .poll(async () => (await harness().mirror.reader.getConversation(id))?.record.subject)
      .toBe('Renamed in Missive');
    const refreshed = await harness().mirror.reader.getConversation(id);
    expect(refreshed?.stale).toBe(false);
    expect(refreshed?.asOf).toBeGreaterThan(Date.now() - 10_000);
    expect(harness().upstreamCalls() - before).toBe(0);
    const withRecipient = await harness().mirror.reader.conversationsWith(
      { emails: ['ada.recipient@example.com'] },
      { limit: 5 },
    );
    expect(withRecipient.map((found) => found.record.id)).toEqual([id]);
  });
});

describe('deliveries out of the ordinary', () => {
  it('a delivery retried late does not undo later activity', async () => {
    const id = someConversation();
    const [conversation] = conversationsResponse.parse(
      await external(`/conversations/${id}`),
    ).conversations;
    if (!conversation) throw new Error('the conversation vanished');
    await deliver({
      rule: { id: 'rule-1', description: 'changes', type: 'conversation_change' },
      conversation: { ...conversation, subject: 'As it is now' },
    });
    const earlier = (conversation.last_activity_at ?? 0) - 3600;
    await deliver({
      rule: { id: 'rule-1', description: 'changes', type: 'conversation_change' },
      conversation: {
        ...conversation,
        subject: 'As it was an hour ago',
        last_activity_at: earlier,
      },
    });
    expect((await harness().mirror.reader.getConversation(id))?.record.subject).toBe(
      'As it is now',
    );
  });

  it('a delivery without a usable conversation reads it from Missive, once', async () => {
    const id = someConversation();
    await external(`/conversations/${id}`, {
      method: 'PATCH',
      body: { conversations: [{ id, subject: 'Read, not delivered' }] },
    });
    const before = harness().upstreamCalls();
    await deliverRaw({
      rule: { id: 'rule-1', description: 'changes', type: 'conversation_change' },
      conversation: { id },
    });
    await expect
      .poll(async () => (await harness().mirror.reader.getConversation(id))?.record.subject)
      .toBe('Read, not delivered');
    expect(harness().upstreamCalls() - before).toBe(1);
  });
});

describe('write-through', () => {
  it('a contact edited through the gateway is in the mirror from the answer, with no read', async () => {
    const contact = harness().emulator.state.data.contacts.find(
      (candidate) => !candidate.deleted && candidate.infos.some((info) => info.kind === 'email'),
    );
    const email = contact?.infos.find((info) => info.kind === 'email')?.value;
    if (!contact || !email) throw new Error('the seed has no contact with an email');
    const before = harness().upstreamCalls();
    // A field the proxy may PATCH directly (lists go through the contact editor).
    const answer = contactsResponse.parse(
      await throughGateway(`/contacts/${contact.id}`, 'PATCH', {
        contacts: [{ id: contact.id, notes: 'Written through the gateway' }],
      }),
    );
    await expect
      .poll(async () =>
        (await harness().mirror.reader.contactsByEmails([email])).map((found) => found.record),
      )
      .toEqual(answer.contacts);
    expect(harness().upstreamCalls() - before).toBe(1);
  });

  it('a draft saved through the gateway is counted on its mirrored conversation when answered', async () => {
    const id = someConversation();
    const before = (await harness().mirror.reader.getConversation(id))?.record.drafts_count ?? 0;
    const calls = harness().upstreamCalls();
    await throughGateway('/drafts', 'POST', {
      drafts: { conversation: id, body: 'A reply, saved for later.' },
    });
    // No polling: the write is answered once the mirror has it.
    expect((await harness().mirror.reader.getConversation(id))?.record.drafts_count).toBe(
      before + 1,
    );
    // The draft itself, and its conversation read again.
    expect(harness().upstreamCalls() - calls).toBe(2);
  });

  it('a label, a task and a merge made through the gateway land in the mirror', async () => {
    const id = someConversation();
    const { shared_labels } = sharedLabelsResponse.parse(
      await throughGateway('/shared_labels', 'POST', {
        shared_labels: [{ name: 'Written through', organization: organization() }],
      }),
    );
    const label = shared_labels[0];
    if (!label) throw new Error('no label was created');
    await expect
      .poll(async () => (await harness().mirror.reader.listLabels()).map((found) => found.id))
      .toContain(label.id);

    await throughGateway(`/conversations/${id}`, 'PATCH', {
      conversations: [{ id, add_shared_labels: [label.id], organization: organization() }],
    });
    await expect
      .poll(async () =>
        (await harness().mirror.reader.getConversation(id))?.record.shared_labels.map(
          (found) => found.id,
        ),
      )
      .toContain(label.id);

    const { tasks } = taskResponse.parse(
      await throughGateway('/tasks', 'POST', {
        tasks: { title: 'Call back', subtask: true, conversation: id },
      }),
    );
    await expect
      .poll(async () =>
        (await harness().mirror.reader.tasksOfConversation(id)).map((found) => found.record.id),
      )
      .toContain(tasks.id);
    // Its conversation's task count changed too: read again before the write was answered.
    const counted = await harness().mirror.reader.getConversation(id);
    expect(counted?.stale).toBe(false);
    expect(counted?.record.tasks_count).toBe(
      harness().emulator.state.data.tasks.filter((task) => task.conversation === id).length,
    );

    const other = harness().emulator.state.data.conversations.find(
      (conversation) => conversation.id !== id && !conversation.merged_into,
    );
    if (!other) throw new Error('the seed has too few conversations');
    await throughGateway(`/conversations/${other.id}/merge`, 'POST', { target: id });
    await expect
      .poll(async () => (await harness().mirror.reader.getConversation(other.id))?.record.id)
      .toBe(id);
  });
});
