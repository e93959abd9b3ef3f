import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hook, HookType } from '@crm/shared/missive/hooks';
import { webhookPayloadSchema, type WebhookPayload } from '@crm/shared/missive/hooks';
import { call, expectRefused, first } from './client';
import { loadDirectory, newConversation, type Directory } from './fixtures';
import { CUSTOM_CHANNEL_ACCOUNT, useEmulatorTarget } from './harness';
import { startReceiver, verifySignature, type Delivery, type Receiver } from './webhook-receiver';

// Retries come within milliseconds here, where Missive waits 30 s and more.
const emulator = useEmulatorTarget({ hookRetryDelaysMs: [20, 20, 20] });

let receiver: Receiver;
let directory: Directory;

beforeAll(async () => {
  receiver = await startReceiver();
  directory = await loadDirectory(emulator.target);
});

afterAll(async () => {
  await receiver.close();
});

async function createHook(
  type: HookType,
  path: string,
  extra: { secret?: string; organization?: string } = {},
): Promise<Hook> {
  const { hooks } = await call(emulator.target, 'createHook', {
    body: {
      hooks: {
        type,
        url: receiver.url(path),
        description: `${type} for the contract suite`,
        ...extra,
      },
    },
  });
  return hooks;
}

function labelConversation(id: string, label: string) {
  return call(emulator.target, 'updateConversations', {
    params: { ids: id },
    body: {
      conversations: [{ id, organization: directory.organization.id, add_shared_labels: [label] }],
    },
  });
}

/** A delivery's payload, read with the shared schema after its signature is checked. */
function payloadOf(delivery: Delivery, secret: string): WebhookPayload {
  expect(delivery.headers['content-type']).toMatch(/^application\/json/);
  expect(verifySignature(secret, delivery.body, delivery.headers['x-hook-signature'])).toBe(true);
  return webhookPayloadSchema.parse(JSON.parse(delivery.body));
}

describe('creating and deleting hooks', () => {
  it('creates a hook and shows its secret once, at creation', async () => {
    const hook = await createHook('new_comment', '/created');
    expect(hook).toMatchObject({
      type: 'new_comment',
      url: receiver.url('/created'),
      description: 'new_comment for the contract suite',
      organization: null,
      created_at: emulator.clock.seconds(),
    });
    expect(hook.secret).toMatch(/^[0-9a-f]{32,}$/);
    const chosen = await createHook('new_comment', '/chosen', {
      secret: 'a-secret-of-my-own-choosing',
    });
    expect(chosen.secret).toBe('a-secret-of-my-own-choosing');
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'an unknown rule type',
      { type: 'new_message', url: 'https://example.com/hook' },
      'hooks.type: "new_message" is not one of incoming_email, new_comment, label_change, conversation_change',
    ],
    [
      'a URL that is not http(s)',
      { type: 'label_change', url: 'ftp://example.com/hook' },
      'hooks.url: must be an http(s) URL',
    ],
    [
      'a short secret',
      { type: 'label_change', url: 'https://example.com/hook', secret: 'short' },
      'hooks.secret: must be at least 16 characters',
    ],
    [
      'an unknown field',
      { type: 'label_change', url: 'https://example.com/hook', events: ['all'] },
      'hooks',
    ],
  ];

  it.each(invalid)('refuses %s', async (_what, hooks, message) => {
    await expectRefused(emulator.target, 'createHook', { body: { hooks } }, 400, message);
  });

  it('refuses an organization that does not exist', async () => {
    await expectRefused(
      emulator.target,
      'createHook',
      {
        body: {
          hooks: {
            type: 'label_change',
            url: 'https://example.com/hook',
            organization: 'no-such-organization',
          },
        },
      },
      400,
      'organization: no organization with id "no-such-organization"',
    );
  });
});

describe('deliveries', () => {
  it('delivers a label change, signed with the secret returned at creation', async () => {
    const hook = await createHook('label_change', '/labels');
    const id = await newConversation(
      emulator.target,
      'Labelled for a webhook',
      directory.organization.id,
    );
    const label = first(directory.labels);
    await labelConversation(id, label.id);
    const delivery = await receiver.delivery('/labels');
    const payload = payloadOf(delivery, hook.secret ?? '');
    expect(payload.rule).toEqual({
      id: hook.id,
      description: hook.description,
      type: 'label_change',
    });
    expect(payload.conversation.id).toBe(id);
    expect(payload.conversation.shared_labels).toContainEqual({ id: label.id, name: label.name });
    // A receiver must refuse a body that was changed, or signed with another secret.
    const forged = delivery.body.replace(id, 'another-conversation');
    expect(forged).not.toBe(delivery.body);
    expect(verifySignature(hook.secret ?? '', forged, delivery.headers['x-hook-signature'])).toBe(
      false,
    );
    expect(
      verifySignature('not-the-secret-at-all', delivery.body, delivery.headers['x-hook-signature']),
    ).toBe(false);
  });

  it('tells label changes from other conversation changes', async () => {
    const changes = await createHook('conversation_change', '/changes');
    await createHook('label_change', '/labels-only');
    const id = await newConversation(
      emulator.target,
      'Label, then close',
      directory.organization.id,
    );
    await labelConversation(id, first(directory.labels).id);
    await receiver.delivery('/labels-only');
    await call(emulator.target, 'updateConversations', {
      params: { ids: id },
      body: { conversations: [{ id, close: true }] },
    });
    const payload = payloadOf(await receiver.delivery('/changes'), changes.secret ?? '');
    expect(payload.rule.type).toBe('conversation_change');
    expect(payload.conversation.users.every((user) => user.closed)).toBe(true);
    // The label change made no conversation_change delivery, the close no label_change one.
    expect(receiver.deliveries('/changes')).toHaveLength(1);
    expect(receiver.deliveries('/labels-only')).toHaveLength(1);
  });

  it('delivers an incoming email with the message', async () => {
    const hook = await createHook('incoming_email', '/incoming');
    const { messages } = await call(emulator.target, 'createMessage', {
      body: {
        messages: {
          account: CUSTOM_CHANNEL_ACCOUNT,
          from_field: { address: 'sender@example.com', name: 'Sender' },
          subject: 'Webhook me',
          body: 'Hello',
        },
      },
    });
    const payload = payloadOf(await receiver.delivery('/incoming'), hook.secret ?? '');
    expect(payload.rule.type).toBe('incoming_email');
    expect(payload.message).toMatchObject({
      id: messages.id,
      subject: 'Webhook me',
      body: 'Hello',
    });
    expect(payload.conversation.id).toBe(messages.conversation?.id);
  });

  it('retries a failed delivery with the same bytes and signature', async () => {
    const hook = await createHook('label_change', '/flaky');
    receiver.failNext('/flaky', [500, 503]);
    const id = await newConversation(emulator.target, 'Flaky receiver', directory.organization.id);
    await labelConversation(id, first(directory.labels).id);
    const [failed, again, accepted] = [
      await receiver.delivery('/flaky', 0),
      await receiver.delivery('/flaky', 1),
      await receiver.delivery('/flaky', 2),
    ];
    for (const retry of [again, accepted]) {
      expect(retry.body).toBe(failed.body);
      expect(retry.headers['x-hook-signature']).toBe(failed.headers['x-hook-signature']);
    }
    expect(payloadOf(accepted, hook.secret ?? '').conversation.id).toBe(id);
  });

  it('stops delivering once the hook is deleted', async () => {
    const deleted = await createHook('label_change', '/deleted');
    await createHook('label_change', '/kept');
    expect(await call(emulator.target, 'deleteHook', { params: { id: deleted.id } })).toBeNull();
    const id = await newConversation(emulator.target, 'After delete', directory.organization.id);
    await labelConversation(id, first(directory.labels).id);
    await receiver.delivery('/kept');
    // A positive signal, not a fixed wait: a later change, delivered. A
    // change's deliveries all start before its answer, hook by hook in the
    // order they were made (the deleted one first), so a delivery of the
    // first change to the deleted hook would have set out before the second
    // change was even made, and arrived before the kept hook has that one.
    const later = await newConversation(emulator.target, 'Later', directory.organization.id);
    await labelConversation(later, first(directory.labels).id);
    await receiver.delivery('/kept', 1);
    expect(receiver.deliveries('/deleted')).toEqual([]);
    await expectRefused(
      emulator.target,
      'deleteHook',
      { params: { id: deleted.id } },
      404,
      `hook "${deleted.id}" was not found`,
    );
  });
});
