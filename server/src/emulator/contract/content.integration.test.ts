import { beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { DraftInput } from '@crm/shared/missive/drafts';
import type { Message } from '@crm/shared/missive/messages';
import type { PostInput } from '@crm/shared/missive/posts';
import { call, expectNewestFirst, expectRefused, first, ids } from './client';
import {
  activity,
  findConversation,
  getConversation,
  loadDirectory,
  newConversation,
  userState,
  type Directory,
} from './fixtures';
import { CUSTOM_CHANNEL_ACCOUNT, useEmulatorTarget } from './harness';

const emulator = useEmulatorTarget();

let directory: Directory;
/** A seeded email conversation with a few messages, each with a Message-ID. */
let thread: Conversation;
let threadMessages: Message[];

beforeAll(async () => {
  directory = await loadDirectory(emulator.target);
  thread = await findConversation(
    emulator.target,
    { all: 'true' },
    (c) => c.messages_count >= 2 && c.authors.some((author) => author.address),
  );
  threadMessages = await messagesOf(thread.id);
});

async function messagesOf(conversation: string): Promise<Message[]> {
  return (await call(emulator.target, 'listConversationMessages', { params: { id: conversation } }))
    .messages;
}

function createDraft(drafts: DraftInput) {
  return call(emulator.target, 'createDraft', { body: { drafts } });
}

function createPost(posts: Omit<PostInput, 'notification'>) {
  return call(emulator.target, 'createPost', {
    body: { posts: { notification: { title: 'Contract suite', body: 'A post' }, ...posts } },
  });
}

async function postsOf(conversation: string, query: Record<string, string> = {}) {
  return (
    await call(emulator.target, 'listConversationPosts', { params: { id: conversation }, query })
  ).posts;
}

/** The Message-ID of the newest message of the seeded thread, with its chevrons. */
function threadReference(): string {
  const reference = first(threadMessages).email_message_id;
  if (!reference?.startsWith('<')) throw new Error('the thread has no Message-ID in chevrons');
  return reference;
}

const ATTACHMENT = { base64_data: 'aGVsbG8=', filename: 'hello.txt' };

describe('drafts', () => {
  it('creates a draft in an existing conversation and lists it there', async () => {
    const before = await getConversation(emulator.target, thread.id);
    const { drafts: draft } = await createDraft({
      conversation: thread.id,
      subject: 'Re: your question',
      body: '<p>Draft from the contract suite</p>',
      from_field: { address: directory.me.email, name: directory.me.name },
      to_fields: [{ address: 'customer@example.com' }],
    });
    expect(draft).toMatchObject({
      conversation: thread.id,
      type: 'email',
      subject: 'Re: your question',
      preview: 'Draft from the contract suite',
      send_at: null,
      auto_followup: false,
      created_at: emulator.clock.seconds(),
    });
    expect(draft.from_field?.address).toBe(directory.me.email);
    expect(draft.to_fields.map((field) => field.address)).toEqual(['customer@example.com']);
    const { drafts } = await call(emulator.target, 'listConversationDrafts', {
      params: { id: thread.id },
    });
    expect(ids(drafts)).toContain(draft.id);
    expect((await getConversation(emulator.target, thread.id)).drafts_count).toBe(
      before.drafts_count + 1,
    );
  });

  it('deletes a draft, which leaves its conversation and cannot be deleted twice', async () => {
    const { drafts: draft } = await createDraft({ conversation: thread.id, body: 'To be deleted' });
    const countWith = (await getConversation(emulator.target, thread.id)).drafts_count;
    const deleted = await call(emulator.target, 'deleteDraft', { params: { id: draft.id } });
    expect(deleted.drafts).toEqual({ id: draft.id, conversation: thread.id });
    const { drafts } = await call(emulator.target, 'listConversationDrafts', {
      params: { id: thread.id },
    });
    expect(ids(drafts)).not.toContain(draft.id);
    expect((await getConversation(emulator.target, thread.id)).drafts_count).toBe(countWith - 1);
    await expectRefused(
      emulator.target,
      'deleteDraft',
      { params: { id: draft.id } },
      404,
      `draft "${draft.id}" was not found`,
    );
  });

  it('schedules a draft with send_at, counted as a send-later message', async () => {
    const before = await getConversation(emulator.target, thread.id);
    const sendAt = emulator.clock.seconds() + 3600;
    const { drafts: draft } = await createDraft({
      conversation: thread.id,
      body: 'Later',
      send_at: sendAt,
      auto_followup: true,
    });
    expect(draft).toMatchObject({ send_at: sendAt, auto_followup: true });
    const after = await getConversation(emulator.target, thread.id);
    expect(after.send_later_messages_count).toBe(before.send_later_messages_count + 1);
    expect(after.drafts_count).toBe(before.drafts_count);
  });

  it('sends a draft at once with send: true, as a reply visible among the messages', async () => {
    const before = await getConversation(emulator.target, thread.id);
    emulator.clock.advance(60_000);
    const { drafts: sent } = await createDraft({
      conversation: thread.id,
      send: true,
      subject: 'Re: sent by the suite',
      body: '<p>Sent straight away</p>',
      to_fields: [{ address: 'customer@example.com' }],
    });
    const messages = await messagesOf(thread.id);
    const message = first(messages);
    expect(message).toMatchObject({
      id: sent.id,
      subject: 'Re: sent by the suite',
      type: 'email',
      delivered_at: emulator.clock.seconds(),
    });
    expect(message.from_field.address).toBe(directory.me.email);
    expect(message.in_reply_to).toEqual([threadReference()]);
    expect(message.email_message_id).toMatch(/^<.+>$/);
    const after = await getConversation(emulator.target, thread.id);
    expect(after.messages_count).toBe(before.messages_count + 1);
    expect(activity(after)).toBe(emulator.clock.seconds());
    // A sent message is no draft.
    const { drafts } = await call(emulator.target, 'listConversationDrafts', {
      params: { id: thread.id },
    });
    expect(ids(drafts)).not.toContain(sent.id);
  });

  it('quotes the previous message when asked', async () => {
    const previous = await call(emulator.target, 'getMessages', {
      params: { ids: first(await messagesOf(thread.id)).id },
    });
    const body = Array.isArray(previous.messages) ? '' : (previous.messages.body ?? '');
    expect(body).not.toBe('');
    const { drafts: draft } = await createDraft({
      conversation: thread.id,
      body: '<p>See below</p>',
      quote_previous_message: true,
    });
    expect(draft.body).toBe(`<p>See below</p><blockquote>${body}</blockquote>`);
  });

  it('appends to the conversation of a reference, with or without chevrons, else opens a new one', async () => {
    const withChevrons = await createDraft({
      references: [threadReference()],
      body: 'By reference',
    });
    const bare = await createDraft({
      references: [threadReference().slice(1, -1)],
      body: 'By bare reference',
    });
    const unknown = await createDraft({
      references: ['<nobody-knows-this@example.com>'],
      body: 'Nowhere',
      conversation_subject: 'Fresh thread',
    });
    expect(withChevrons.drafts.conversation).toBe(thread.id);
    expect(bare.drafts.conversation).toBe(thread.id);
    expect(unknown.drafts.conversation).not.toBe(thread.id);
    expect((await getConversation(emulator.target, unknown.drafts.conversation)).subject).toBe(
      'Fresh thread',
    );
  });

  it('creates an SMS draft for one recipient', async () => {
    const { drafts: draft } = await createDraft({
      body: 'Hi!',
      from_field: { phone_number: '+15145550100' },
      to_fields: [{ phone_number: '+15145550123' }],
    });
    expect(draft.type).toBe('sms');
    expect(draft.to_fields.map((field) => field.phone_number)).toEqual(['+15145550123']);
  });

  it('accepts 25 attachments and refuses 26', async () => {
    const { drafts: draft } = await createDraft({
      body: 'Files',
      attachments: Array.from({ length: 25 }, () => ATTACHMENT),
    });
    expect(draft.attachments).toHaveLength(25);
    expect(first(draft.attachments)).toMatchObject({
      filename: 'hello.txt',
      extension: 'txt',
      size: 5,
    });
    await expectRefused(
      emulator.target,
      'createDraft',
      {
        body: {
          drafts: { body: 'Files', attachments: Array.from({ length: 26 }, () => ATTACHMENT) },
        },
      },
      400,
      'drafts.attachments: at most 25 files can be attached to a draft',
    );
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'send with send_at',
      { send: true, send_at: 1_900_000_000 },
      'drafts.send_at: cannot be combined with send: true',
    ],
    [
      'auto_followup without send_at',
      { auto_followup: true },
      'drafts.auto_followup: requires send_at',
    ],
    [
      'an SMS to two recipients',
      {
        from_field: { phone_number: '+15145550100' },
        to_fields: [{ phone_number: '+15145550101' }, { phone_number: '+15145550102' }],
      },
      'drafts.to_fields: SMS and WhatsApp drafts take only one recipient',
    ],
    [
      'cc on an SMS',
      {
        from_field: { phone_number: '+15145550100' },
        to_fields: [{ phone_number: '+15145550101' }],
        cc_fields: [{ address: 'a@example.com' }],
      },
      'drafts.cc_fields: cc and bcc are for email drafts only',
    ],
    [
      'a phone number that is not E.164',
      { from_field: { phone_number: '514 555 0100' } },
      'drafts.from_field',
    ],
    [
      'a recipient of another channel',
      { from_field: { phone_number: '+15145550100' }, to_fields: [{ address: 'a@example.com' }] },
      'drafts.to_fields[0]: must carry a phone_number, like the from_field of this draft',
    ],
    [
      'a custom channel draft without account',
      { from_field: { id: '42', username: '@someone' }, to_fields: [{ id: '43' }] },
      'drafts.account: is required for custom channel and Live Chat drafts',
    ],
    [
      'add_to_team_inbox without team',
      { add_to_team_inbox: true },
      'drafts.team: is required with add_to_team_inbox',
    ],
    [
      'add_assignees without organization',
      { add_assignees: ['someone'] },
      'drafts.organization: is required with add_assignees',
    ],
    ['a send_at that is not a number', { send_at: '1900000000' }, 'drafts.send_at'],
    [
      'a sender of no known shape, naming what came and what would do',
      { from_field: { adress: 'a@example.com' } },
      'drafts.from_field: got {adress}; expected {address, name} (email), {phone_number, type} (SMS/WhatsApp) or {id, username, name} (custom channel)',
    ],
    [
      'a recipient that is a bare string',
      { to_fields: ['a@example.com'] },
      'drafts.to_fields[0]: got "a@example.com"; expected {address, name}, {phone_number} or {id, username, name}',
    ],
    [
      'an SMS sender of an unknown type, at the field of the shape it has',
      { from_field: { phone_number: '+15145550100', type: 'fax' } },
      'drafts.from_field.type: "fax" is not one of signalwire, twilio, twilio_whatsapp',
    ],
  ];

  it.each(invalid)('refuses %s', async (_what, fields, message) => {
    await expectRefused(
      emulator.target,
      'createDraft',
      { body: { drafts: { body: 'x', ...fields } } },
      400,
      message,
    );
  });

  it('sends from an address the organisation already sends from, such as its shared support@', async () => {
    const answered = await findConversation(emulator.target, { all: 'true' }, (c) =>
      c.authors.some((author) => author.address?.startsWith('support@')),
    );
    const shared = answered.authors.find((author) => author.address?.startsWith('support@'));
    const address = shared?.address ?? '';
    // Not a user's own address: the organisation's shared one.
    expect([directory.me, ...directory.others].map((user) => user.email)).not.toContain(address);
    const { drafts: draft } = await createDraft({
      body: 'Thanks, we are on it.',
      conversation: answered.id,
      from_field: { address, name: 'Brightwell Support' },
      to_fields: [{ address: 'customer@example.com' }],
    });
    expect(draft.from_field).toMatchObject({ address });
  });

  it('refuses to send from an address that is not one of the aliases', async () => {
    await expectRefused(
      emulator.target,
      'createDraft',
      { body: { drafts: { body: 'x', from_field: { address: 'stranger@example.com' } } } },
      400,
      'from_field: "stranger@example.com" is not one of your email aliases',
    );
  });
});

describe('posts', () => {
  it('appends a post to a conversation by id, which becomes its latest activity', async () => {
    emulator.clock.advance(60_000);
    const { posts: post } = await createPost({
      conversation: thread.id,
      markdown: '**Deployed**',
      username: 'CI',
    });
    expect(post).toMatchObject({
      conversation: thread.id,
      markdown: '**Deployed**',
      username: 'CI',
      created_at: emulator.clock.seconds(),
    });
    expect(ids(await postsOf(thread.id))).toContain(post.id);
    expect(activity(await getConversation(emulator.target, thread.id))).toBe(
      emulator.clock.seconds(),
    );
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { all: 'true', limit: '1' },
    });
    expect(ids(conversations)).toContain(thread.id);
  });

  it('appends by reference with or without chevrons, and opens a new conversation otherwise', async () => {
    const withChevrons = await createPost({
      references: [threadReference()],
      text: 'By reference',
    });
    const bare = await createPost({
      references: [threadReference().slice(1, -1)],
      text: 'By bare reference',
    });
    const unknown = await createPost({
      references: ['<unheard-of@example.com>'],
      text: 'New thread',
      conversation_subject: 'Integration alert',
    });
    const none = await createPost({ text: 'No reference at all' });
    expect([withChevrons.posts.conversation, bare.posts.conversation]).toEqual([
      thread.id,
      thread.id,
    ]);
    expect(unknown.posts.conversation).not.toBe(thread.id);
    expect(none.posts.conversation).not.toBe(thread.id);
    expect(none.posts.conversation).not.toBe(unknown.posts.conversation);
    expect((await getConversation(emulator.target, unknown.posts.conversation)).subject).toBe(
      'Integration alert',
    );
    // Later posts find the new conversation by the reference that opened it.
    const again = await createPost({ references: ['unheard-of@example.com'], text: 'Same thread' });
    expect(again.posts.conversation).toBe(unknown.posts.conversation);
  });

  it('reopens a closed conversation, unless reopen is false', async () => {
    const id = await newConversation(emulator.target, 'Reopened by a post');
    const close = () =>
      call(emulator.target, 'updateConversations', {
        params: { ids: id },
        body: { conversations: [{ id, close: true }] },
      });
    const isClosed = async () =>
      userState(await getConversation(emulator.target, id), directory.me.id).closed;
    await close();
    await createPost({ conversation: id, text: 'Quiet note', reopen: false });
    expect(await isClosed()).toBe(true);
    await createPost({ conversation: id, text: 'Wake up' });
    expect(await isClosed()).toBe(false);
    await close();
    await createPost({ conversation: id, text: 'Explicit reopen', reopen: true });
    expect(await isClosed()).toBe(false);
  });

  it('lists posts newest first by created_at, paged with until, growing a page over a tie', async () => {
    const id = await newConversation(emulator.target, 'Paged posts');
    for (const text of ['second', 'third']) {
      emulator.clock.advance(1000);
      await createPost({ conversation: id, text });
    }
    // Two posts in the same second.
    await createPost({ conversation: id, text: 'fourth' });
    const all = await postsOf(id);
    expectNewestFirst(all.map((post) => post.created_at));
    // The tied pair may come in either order.
    expect(new Set(all.slice(0, 2).map((post) => post.text))).toEqual(new Set(['third', 'fourth']));
    expect(all.slice(2).map((post) => post.text)).toEqual([
      'second',
      'Opened by the contract suite: Paged posts',
    ]);
    const tied = await postsOf(id, { limit: '1' });
    expect(tied).toHaveLength(2);
    const older = await postsOf(id, { limit: '1', until: String(first(tied).created_at) });
    expect(older.map((post) => post.text)).toEqual(['second']);
  });

  it('accepts a post made only of attachments', async () => {
    const attachment = {
      title: 'Payment failed',
      color: 'danger',
      fields: [{ title: 'Amount', value: '$42.00', short: true }],
    };
    const { posts: post } = await createPost({ attachments: [attachment] });
    expect(post.attachments).toEqual([attachment]);
    expect(post.text).toBeNull();
  });

  it('deletes a post, once', async () => {
    const { posts: post } = await createPost({ conversation: thread.id, text: 'Short-lived' });
    expect((await call(emulator.target, 'deletePost', { params: { id: post.id } })).posts).toEqual({
      id: post.id,
      conversation: thread.id,
    });
    expect(ids(await postsOf(thread.id))).not.toContain(post.id);
    await expectRefused(
      emulator.target,
      'deletePost',
      { params: { id: post.id } },
      404,
      `post "${post.id}" was not found`,
    );
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'a post without text, markdown or attachments',
      { notification: { title: 't', body: 'b' } },
      'posts: a post needs text, markdown or attachments',
    ],
    [
      'a post without notification',
      { text: 'x' },
      'posts.notification: is required: an object with "title" and "body"',
    ],
    [
      'add_to_team_inbox without team',
      { text: 'x', notification: { title: 't', body: 'b' }, add_to_team_inbox: true },
      'posts.team: is required with add_to_team_inbox',
    ],
    [
      'an icon that is not a URL',
      { text: 'x', notification: { title: 't', body: 'b' }, username_icon: 'avatar' },
      'posts.username_icon: must be a URL',
    ],
  ];

  it.each(invalid)('refuses %s', async (_what, posts, message) => {
    await expectRefused(emulator.target, 'createPost', { body: { posts } }, 400, message);
  });

  it('answers 404 for a post into an unknown conversation', async () => {
    await expectRefused(
      emulator.target,
      'createPost',
      {
        body: {
          posts: {
            conversation: 'no-such-conversation',
            text: 'x',
            notification: { title: 't', body: 'b' },
          },
        },
      },
      404,
      'conversation "no-such-conversation" was not found',
    );
  });
});

describe('messages', () => {
  const from = { id: 'customer-42', username: '@customer42', name: 'Customer 42' };

  it('creates an incoming custom channel message in a new conversation, readable by id', async () => {
    const { messages: created } = await call(emulator.target, 'createMessage', {
      body: {
        messages: {
          account: CUSTOM_CHANNEL_ACCOUNT,
          from_field: from,
          to_fields: [{ id: 'brightwell' }],
          body: 'Hello <b>world</b>',
          external_id: 'chat-1001',
        },
      },
    });
    expect(created).toMatchObject({
      type: 'custom',
      body: 'Hello <b>world</b>',
      preview: 'Hello world',
      external_id: 'chat-1001',
      delivered_at: emulator.clock.seconds(),
    });
    expect(created.conversation?.messages_count).toBe(1);
    const read = await call(emulator.target, 'getMessages', { params: { ids: created.id } });
    expect(read.messages).toEqual(created);
    const conversation = created.conversation?.id ?? '';
    expect(ids(await messagesOf(conversation))).toEqual([created.id]);
    // The next message of the same chat names it by reference.
    const { messages: reply } = await call(emulator.target, 'createMessage', {
      body: {
        messages: {
          account: CUSTOM_CHANNEL_ACCOUNT,
          from_field: from,
          body: 'Me again',
          references: ['chat-1001'],
          delivered_at: emulator.clock.seconds() - 10,
        },
      },
    });
    expect(reply.conversation?.id).toBe(conversation);
    expect(reply.delivered_at).toBe(emulator.clock.seconds() - 10);
    expect(ids(await messagesOf(conversation))).toEqual([created.id, reply.id]);
  });

  it('creates an email message that can be found by its Message-ID, with or without chevrons', async () => {
    const { messages: created } = await call(emulator.target, 'createMessage', {
      body: {
        messages: {
          account: CUSTOM_CHANNEL_ACCOUNT,
          from_field: { address: 'writer@example.com', name: 'Writer' },
          subject: 'By email',
          body: 'Hi',
        },
      },
    });
    expect(created.type).toBe('email');
    const messageId = created.email_message_id ?? '';
    expect(messageId).toMatch(/^<.+>$/);
    for (const wanted of [messageId, messageId.slice(1, -1)]) {
      const { messages } = await call(emulator.target, 'findMessagesByEmailId', {
        query: { email_message_id: wanted },
      });
      expect(ids(messages)).toEqual([created.id]);
      expect(first(messages).body).toBe('Hi');
    }
    const none = await call(emulator.target, 'findMessagesByEmailId', {
      query: { email_message_id: '<unknown@example.com>' },
    });
    expect(none.messages).toEqual([]);
  });

  it('refuses messages to an unknown account and of mixed channel kinds', async () => {
    await expectRefused(
      emulator.target,
      'createMessage',
      { body: { messages: { account: 'no-such-account', from_field: from, body: 'x' } } },
      404,
      'account "no-such-account" was not found',
    );
    await expectRefused(
      emulator.target,
      'createMessage',
      {
        body: {
          messages: {
            account: CUSTOM_CHANNEL_ACCOUNT,
            from_field: from,
            to_fields: [{ address: 'a@example.com' }],
          },
        },
      },
      400,
      'messages.to_fields: must be of the same channel kind as from_field',
    );
    await expectRefused(
      emulator.target,
      'createMessage',
      { body: { messages: { account: CUSTOM_CHANNEL_ACCOUNT, from_field: from, subject: 'No' } } },
      400,
      'messages.subject: subject, cc_fields and bcc_fields are for email channels only',
    );
    await expectRefused(
      emulator.target,
      'createMessage',
      { body: { messages: { account: CUSTOM_CHANNEL_ACCOUNT, body: 'x' } } },
      400,
      'messages.from_field',
    );
  });

  it('fetches several messages at once, in the order asked, with their bodies and conversation', async () => {
    const [newer, older] = [first(threadMessages), threadMessages[1]];
    if (!older) throw new Error('the thread has one message');
    const { messages } = await call(emulator.target, 'getMessages', {
      params: { ids: `${older.id},${newer.id}` },
    });
    if (!Array.isArray(messages)) throw new Error('two ids should answer an array');
    expect(ids(messages)).toEqual([older.id, newer.id]);
    for (const message of messages) {
      expect(typeof message.body).toBe('string');
      expect(message.conversation?.id).toBe(thread.id);
    }
  });

  it('refuses 11 ids, the same id twice, and answers 404 when one id is unknown', async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => `message-${index}`).join(',');
    await expectRefused(
      emulator.target,
      'getMessages',
      { params: { ids: eleven } },
      400,
      'path.ids: at most 10 ids at once',
    );
    const known = first(threadMessages).id;
    await expectRefused(
      emulator.target,
      'getMessages',
      { params: { ids: `${known},${known}` } },
      400,
      'path.ids: names the same id twice',
    );
    await expectRefused(
      emulator.target,
      'getMessages',
      { params: { ids: `${known},no-such-message` } },
      404,
      'message "no-such-message" was not found',
    );
  });

  it('refuses a Message-ID search without the Message-ID', async () => {
    await expectRefused(
      emulator.target,
      'findMessagesByEmailId',
      { query: {} },
      400,
      'query.email_message_id',
    );
  });
});
