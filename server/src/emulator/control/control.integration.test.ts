import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  controlRoutes,
  type ControlBody,
  type ControlParams,
  type ControlResponse,
  type ControlRouteName,
} from '@crm/shared/emulator-control';
import { fillPath } from '@crm/shared/missive/endpoints';
import { webhookPayloadSchema, type HookType } from '@crm/shared/missive/hooks';
import { call, describeResponse, expectError, first } from '../contract/client';
import {
  allConversations,
  findBook,
  findConversation,
  loadDirectory,
  type Directory,
} from '../contract/fixtures';
import {
  CONTRACT_TOKEN,
  httpTarget,
  useEmulatorTarget,
  type ContractRequest,
  type ContractResponse,
  type ContractTarget,
} from '../contract/harness';
import { startReceiver, verifySignature, type Receiver } from '../contract/webhook-receiver';

const emulator = useEmulatorTarget({ hookRetryDelaysMs: [20] });

let control: ContractTarget;
let receiver: Receiver;
let directory: Directory;

beforeAll(async () => {
  control = httpTarget(`${new URL(emulator.target.baseUrl).origin}/control`, CONTRACT_TOKEN);
  receiver = await startReceiver();
  directory = await loadDirectory(emulator.target);
});

afterAll(async () => {
  await receiver.close();
});

interface ControlCall<N extends ControlRouteName> {
  params?: ControlParams<N>;
  body?: ControlBody<N>;
}

function sendControl(
  name: ControlRouteName,
  input: { params?: Record<string, string>; body?: unknown } & ContractRequest = {},
): Promise<ContractResponse> {
  const route = controlRoutes[name];
  const { params, ...request } = input;
  return control.request(route.method, fillPath(route.path, params ?? {}), request);
}

/** A control call that must succeed, read with the route's response schema. */
async function act<N extends ControlRouteName>(
  name: N,
  input: ControlCall<N> = {},
): Promise<ControlResponse<N>> {
  const response = await sendControl(name, input);
  expect(response.status, describeResponse(response)).toBe(200);
  const parsed = controlRoutes[name].response.safeParse(response.json);
  expect(parsed.error, `${name} answered outside its schema`).toBeUndefined();
  return parsed.data as ControlResponse<N>;
}

async function hook(type: HookType, path: string): Promise<string> {
  const { hooks } = await call(emulator.target, 'createHook', {
    body: { hooks: { type, url: receiver.url(path), secret: `secret-for-${type}-hooks` } },
  });
  return hooks.secret ?? '';
}

async function customers() {
  return findBook(emulator.target, (book) => book.name === 'Customers');
}

async function contactsModifiedSince(book: string, since: number, includeDeleted: boolean) {
  const { contacts } = await call(emulator.target, 'listContacts', {
    query: {
      contact_book: book,
      modified_since: String(since),
      ...(includeDeleted ? { include_deleted: 'true' } : {}),
      limit: '200',
    },
  });
  return contacts;
}

describe('contacts edited and deleted in Missive', () => {
  it('applies an edit with PATCH semantics and lists it under modified_since', async () => {
    const book = await customers();
    const [before] = (
      await call(emulator.target, 'listContacts', { query: { contact_book: book.id, limit: '1' } })
    ).contacts;
    if (!before || before.deleted) throw new Error('the book has no live contact');
    emulator.clock.advance(60_000);
    const since = emulator.clock.seconds();
    const { contacts } = await act('editContact', {
      params: { id: before.id },
      body: { notes: 'Edited by a colleague in Missive', starred: true },
    });
    const edited = first(contacts);
    expect(edited).toMatchObject({
      id: before.id,
      first_name: before.first_name,
      last_name: before.last_name,
      notes: 'Edited by a colleague in Missive',
      starred: true,
      modified_at: since,
    });
    const changed = await contactsModifiedSince(book.id, since, false);
    expect(changed.map((contact) => contact.id)).toEqual([before.id]);
    // infos replace the whole list, as Missive's PATCH does.
    const { contacts: replaced } = await act('editContact', {
      params: { id: before.id },
      body: { infos: [{ kind: 'email', label: 'work', value: 'only@example.com' }] },
    });
    expect(first(replaced).infos).toEqual([
      { kind: 'email', label: 'work', value: 'only@example.com' },
    ]);
  });

  it('deletes a contact: 404 to reads, {id, deleted, modified_at} with include_deleted', async () => {
    const book = await customers();
    const { contacts } = await call(emulator.target, 'listContacts', {
      query: { contact_book: book.id, limit: '2', offset: '5' },
    });
    const target = contacts[1];
    if (!target) throw new Error('the book has too few contacts');
    emulator.clock.advance(60_000);
    const since = emulator.clock.seconds();
    const { contacts: answer } = await act('deleteContact', { params: { id: target.id } });
    expect(answer).toEqual([{ id: target.id, deleted: true, modified_at: since }]);
    expectError(
      await sendControl('deleteContact', { params: { id: target.id } }),
      404,
      `contact "${target.id}" was not found`,
    );
    const reads = await emulator.target.request('GET', `/contacts/${target.id}`);
    expectError(reads, 404);
    expect(await contactsModifiedSince(book.id, since, true)).toContainEqual({
      id: target.id,
      deleted: true,
      modified_at: since,
    });
    expect(
      (await contactsModifiedSince(book.id, since, false)).map((contact) => contact.id),
    ).not.toContain(target.id);
  });
});

describe('messages arriving', () => {
  it('brings a closed conversation back to the top of the inbox and delivers it signed', async () => {
    const secret = await hook('incoming_email', '/incoming');
    const closed = await findConversation(emulator.target, { closed: 'true' }, (conversation) =>
      conversation.authors.some((author) => author.address),
    );
    const customer = first(closed.authors.filter((author) => author.address));
    emulator.clock.advance(60_000);
    const { messages } = await act('receiveMessage', {
      body: {
        conversation: closed.id,
        from_field: { name: customer.name ?? undefined, address: customer.address ?? '' },
        body: '<p>Sorry, one more thing.</p>',
      },
    });
    expect(messages).toMatchObject({ type: 'email', delivered_at: emulator.clock.seconds() });
    expect(messages.subject).toMatch(/^Re: /);
    expect(messages.in_reply_to).toHaveLength(1);
    expect(messages.conversation?.id).toBe(closed.id);
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { inbox: 'true', limit: '1' },
    });
    expect(first(conversations)).toMatchObject({
      id: closed.id,
      last_activity_at: emulator.clock.seconds(),
      messages_count: closed.messages_count + 1,
    });
    const delivery = await receiver.delivery('/incoming');
    expect(verifySignature(secret, delivery.body, delivery.headers['x-hook-signature'])).toBe(true);
    const payload = webhookPayloadSchema.parse(JSON.parse(delivery.body));
    expect(payload.rule.type).toBe('incoming_email');
    expect(payload.message?.id).toBe(messages.id);
    expect(payload.conversation.id).toBe(closed.id);
  });

  it("starts a conversation in a team's inbox, its author and latest message set", async () => {
    const team = first(directory.teams);
    emulator.clock.advance(60_000);
    const { messages } = await act('receiveMessage', {
      body: {
        team: team.id,
        from_field: { name: 'Nova Stranger', address: 'nova@stranger.example' },
        to_fields: [{ name: `Brightwell ${team.name}`, address: 'team@brightwell.io' }],
        subject: 'A brand new question',
        body: '<p>Hello there.</p>',
      },
    });
    const id = messages.conversation?.id ?? '';
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { team_inbox: team.id, limit: '1' },
    });
    expect(first(conversations)).toMatchObject({
      id,
      subject: null,
      latest_message_subject: 'A brand new question',
      authors: [{ name: 'Nova Stranger', address: 'nova@stranger.example' }],
      messages_count: 1,
      team: { id: team.id },
      created_at: emulator.clock.seconds(),
    });
    const [window] = (await act('fetchConversations', { body: { ids: [id] } })).conversations;
    expect(window?.latest_message?.from_field).toEqual({
      name: 'Nova Stranger',
      address: 'nova@stranger.example',
    });
  });

  it("files mail to an account shared with the organization in the owner's Inbox, in the organization", async () => {
    emulator.clock.advance(60_000);
    const { messages } = await act('receiveMessage', {
      body: {
        organization: directory.organization.id,
        from_field: { name: 'Ola Shared', address: 'ola@shared.example' },
        to_fields: [{ address: directory.me.email }],
        subject: 'Through the shared account',
        body: '<p>Hello.</p>',
      },
    });
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { inbox: 'true', limit: '1' },
    });
    expect(first(conversations)).toMatchObject({
      id: messages.conversation?.id,
      organization: { id: directory.organization.id },
      team: null,
    });
  });

  it("puts a text from a new number in the token owner's own inbox", async () => {
    emulator.clock.advance(60_000);
    const { messages } = await act('receiveMessage', {
      body: {
        from_field: { phone_number: '+15145550123' },
        to_fields: [{ phone_number: '+15145550100' }],
        body: 'Hi, is the clinic open on Monday?',
      },
    });
    expect(messages).toMatchObject({ type: 'sms', subject: null, email_message_id: null });
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { inbox: 'true', limit: '1' },
    });
    expect(first(conversations)).toMatchObject({
      id: messages.conversation?.id,
      authors: [{ name: null, phone_number: '+15145550123' }],
    });
  });
});

describe('labels changed in Missive', () => {
  it('adds and removes labels, delivers label_change, and leaves activity alone', async () => {
    const secret = await hook('label_change', '/labels');
    const label = first(directory.labels);
    const conversation = await findConversation(
      emulator.target,
      { all: 'true' },
      (candidate) => !candidate.shared_labels.some((present) => present.id === label.id),
    );
    const { conversations } = await act('changeLabels', {
      params: { id: conversation.id },
      body: { add_shared_labels: [label.id] },
    });
    expect(first(conversations).shared_labels).toContainEqual({ id: label.id, name: label.name });
    expect(first(conversations).last_activity_at).toBe(conversation.last_activity_at);
    const delivery = await receiver.delivery('/labels');
    expect(verifySignature(secret, delivery.body, delivery.headers['x-hook-signature'])).toBe(true);
    expect(webhookPayloadSchema.parse(JSON.parse(delivery.body)).conversation.id).toBe(
      conversation.id,
    );
    const removed = await act('changeLabels', {
      params: { id: conversation.id },
      body: { remove_shared_labels: [label.id] },
    });
    expect(first(removed.conversations).shared_labels).not.toContainEqual(
      expect.objectContaining({ id: label.id }),
    );
  });
});

describe("Missive's window reads", () => {
  it('answers fetchConversations in the iFrame API shape, with fields', async () => {
    const [conversation] = await allConversations(emulator.target, { inbox: 'true' });
    if (!conversation) throw new Error('the inbox is empty');
    const { conversations } = await act('fetchConversations', { body: { ids: [conversation.id] } });
    const window = first(conversations);
    expect(window).toMatchObject({
      id: conversation.id,
      subject: conversation.subject ?? conversation.latest_message_subject,
      link: conversation.web_url,
      messages_count: conversation.messages_count,
      authors: conversation.authors,
    });
    expect(window.users?.map((user) => user.id)).toEqual(conversation.users.map((user) => user.id));
    expect(window.labels?.map((label) => label.id)).toEqual(
      conversation.shared_labels.map((label) => label.id),
    );
    expect(window.latest_message?.id).toBe(window.messages?.at(-1)?.id);
    const narrow = await act('fetchConversations', {
      body: { ids: [conversation.id], fields: ['latest_message', '!latest_message.body'] },
    });
    const only = first(narrow.conversations);
    expect(Object.keys(only).sort()).toEqual(['id', 'latest_message']);
    expect(only.latest_message).not.toHaveProperty('body');
    expect(only.latest_message?.from_field).toEqual(window.latest_message?.from_field);
  });

  it("spends none of the token's budget, reads or writes", async () => {
    const used = () => emulator.emulator.limiter.snapshot().windows.map((window) => window.used);
    const before = used();
    const read = await control.request('GET', '/v1/conversations', {
      query: { inbox: 'true', limit: '2' },
    });
    expect(read.status, describeResponse(read)).toBe(200);
    const [conversation] = (read.json as { conversations: { id: string }[] }).conversations;
    await act('fetchConversations', { body: { ids: [conversation?.id ?? ''] } });
    expect(used()).toEqual(before);
  });
});

describe('bad input', () => {
  const cases: [string, ControlRouteName, Parameters<typeof sendControl>[1], number, string][] = [
    [
      'a contact field Missive does not know',
      'editContact',
      { params: { id: 'any-contact' }, body: { email: 'a@b.example' } },
      400,
      'unknown contact field "email"',
    ],
    [
      'an edit that changes nothing',
      'editContact',
      { params: { id: 'any-contact' }, body: {} },
      400,
      'name at least one field to change',
    ],
    [
      'an unknown contact',
      'editContact',
      { params: { id: 'no-such-contact' }, body: { notes: 'x' } },
      404,
      'contact "no-such-contact" was not found',
    ],
    [
      'a body on a delete',
      'deleteContact',
      { params: { id: 'any-contact' }, body: { really: true } },
      400,
      'takes no request body',
    ],
    [
      'a new conversation with no recipient',
      'receiveMessage',
      { body: { from_field: { address: 'a@b.example' }, body: 'Hi' } },
      400,
      'to_fields: is required for a new conversation',
    ],
    [
      'an organization with an existing conversation',
      'receiveMessage',
      {
        body: {
          conversation: 'any-conversation',
          organization: 'any-organization',
          from_field: { address: 'a@b.example' },
          body: 'Hi',
        },
      },
      400,
      'organization: applies only to a new conversation',
    ],
    [
      'an unknown organization',
      'receiveMessage',
      {
        body: {
          organization: 'no-such-organization',
          from_field: { address: 'a@b.example' },
          to_fields: [{ address: 'us@b.example' }],
          body: 'Hi',
        },
      },
      400,
      'organization: no organization with id "no-such-organization"',
    ],
    [
      'a subject on a text',
      'receiveMessage',
      {
        body: {
          from_field: { phone_number: '+15145550123' },
          to_fields: [{ phone_number: '+15145550100' }],
          subject: 'Texts have none',
          body: 'Hi',
        },
      },
      400,
      'subject: applies only to email',
    ],
    [
      'a phone number that is not E.164',
      'receiveMessage',
      {
        body: {
          from_field: { phone_number: '514 555 0123' },
          to_fields: [{ phone_number: '+15145550100' }],
          body: 'Hi',
        },
      },
      400,
      'from_field',
    ],
    [
      'an unknown conversation',
      'receiveMessage',
      {
        body: {
          conversation: 'no-such-conversation',
          from_field: { address: 'a@b.example' },
          body: 'Hi',
        },
      },
      404,
      'conversation "no-such-conversation" was not found',
    ],
    [
      'labels on an unknown conversation',
      'changeLabels',
      { params: { id: 'no-such-conversation' }, body: { add_shared_labels: ['no-such-label'] } },
      404,
      'conversation "no-such-conversation" was not found',
    ],
    [
      'a label added and removed at once',
      'changeLabels',
      {
        params: { id: 'any-conversation' },
        body: { add_shared_labels: ['l1'], remove_shared_labels: ['l1'] },
      },
      400,
      'remove_shared_labels: names label l1 that add_shared_labels also adds',
    ],
    [
      'an unknown conversation field',
      'fetchConversations',
      { body: { ids: ['x'], fields: ['sentiment'] } },
      400,
      'fields[0]: unknown conversation field "sentiment"',
    ],
    [
      'an unknown conversation id',
      'fetchConversations',
      { body: { ids: ['no-such-conversation'] } },
      404,
      'conversation "no-such-conversation" was not found',
    ],
    [
      'malformed JSON',
      'receiveMessage',
      { rawBody: '{"from_field": ' },
      400,
      'the request body is not valid JSON',
    ],
    [
      'a missing token',
      'fetchConversations',
      { body: { ids: ['x'] }, token: null },
      401,
      'Missing or invalid API token',
    ],
    [
      'a wrong token',
      'fetchConversations',
      { body: { ids: ['x'] }, token: 'not-the-token' },
      401,
      'Missing or invalid API token',
    ],
  ];

  it.each(cases)('refuses %s with the envelope', async (_what, name, input, status, message) => {
    expectError(await sendControl(name, input), status, message);
  });

  it('refuses an unknown label of a real conversation, naming it', async () => {
    const [conversation] = await allConversations(emulator.target, { inbox: 'true' });
    expectError(
      await sendControl('changeLabels', {
        params: { id: conversation?.id ?? '' },
        body: { add_shared_labels: ['no-such-label'] },
      }),
      400,
      'add_shared_labels: no shared label with id "no-such-label"',
    );
  });

  it('answers 404 for a path the control surface does not have', async () => {
    expectError(await control.request('POST', '/contacts'), 404, 'no endpoint POST');
  });
});
