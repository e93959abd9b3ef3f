import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditListResponse } from '@crm/shared/audit';
import { CUSTOM_CHANNEL_ACCOUNT } from '../emulator/handlers/content';
import { harnessPerFile } from '../test/harness-per-file';
import { callJson, callTool, connectOverHttp, textOf } from '../test/mcp-client';

const harness = harnessPerFile({ emulatorLimits: 'concurrent=5,10000/60s' }, async (started) => {
  // The mirror answers directory reads and the context: fill it as the gateway would.
  const { failures } = await started.mirror.sync.runOnce();
  expect(failures).toEqual([]);
});

/** The vendor's 32 tools (shared/missive-api/truto-missive.md), names exactly as it publishes them. */
const VENDOR_TOOLS = [
  'list_all_missive_users',
  'list_all_missive_teams',
  'list_all_missive_organizations',
  'list_all_missive_conversations',
  'get_single_missive_conversation_by_id',
  'list_all_missive_conversation_messages',
  'list_all_missive_conversation_comments',
  'list_all_missive_shared_labels',
  'create_a_missive_shared_label',
  'update_a_missive_shared_label_by_id',
  'missive_attachments_download',
  'list_all_missive_contacts',
  'get_single_missive_contact_by_id',
  'create_a_missive_contact',
  'update_a_missive_contact_by_id',
  'list_all_missive_contact_books',
  'list_all_missive_contact_groups',
  'create_a_missive_draft',
  'delete_a_missive_draft_by_id',
  'list_all_missive_messages',
  'get_single_missive_message_by_id',
  'create_a_missive_message',
  'list_all_missive_responses',
  'get_single_missive_response_by_id',
  'create_a_missive_post',
  'delete_a_missive_post_by_id',
  'create_a_missive_task',
  'update_a_missive_task_by_id',
  'create_a_missive_webhook',
  'delete_a_missive_webhook_by_id',
  'create_a_missive_analytics_report',
  'get_single_missive_analytics_report_by_id',
];
const PRODUCT_TOOLS = [
  'get_conversation_context',
  'search_contacts',
  'edit_contact',
  'add_labels',
  'remove_labels',
];

const AGENT = 'Ada Bot';
let client: Client;
/** Which tools the tests below called successfully, checked against the list at the end. */
const called = new Set<string>();

async function call(name: string, args: Record<string, unknown> = {}) {
  const answer = await callJson(client, name, args);
  called.add(name);
  return answer;
}

/** The one record a write answered, under Missive's `{resource: {...} | [...]}`. */
function created(result: unknown): { id: string } & Record<string, unknown> {
  const record = z.looseObject({}).parse(result);
  const [first] = Object.values(record).flat();
  return z.looseObject({ id: z.string() }).parse(first);
}

beforeAll(async () => {
  // An AI agent is a person with a key: an admin here, so that webhooks are in reach.
  client = await connectOverHttp(harness().base, await harness().keyFor(AGENT, 'admin'));
});
afterAll(async () => {
  await client.close();
});

describe('the MCP server over Streamable HTTP', () => {
  it('lists the vendor’s 32 tools by their exact names, and the product’s own', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [...VENDOR_TOOLS, ...PRODUCT_TOOLS].sort(),
    );
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('list_all_missive_contacts')).toMatchObject({
      annotations: { readOnlyHint: true, destructiveHint: false },
      inputSchema: { required: ['contact_book'] },
    });
    // It may send an email, which cannot be taken back.
    expect(byName.get('create_a_missive_draft')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(byName.get('delete_a_missive_post_by_id')?.annotations?.destructiveHint).toBe(true);
    expect(byName.get('add_labels')?.annotations).toMatchObject({
      destructiveHint: false,
      idempotentHint: true,
    });
    for (const tool of tools) expect(tool.description?.length ?? 0).toBeGreaterThan(30);
  });

  it('reads the directory, pages with next_page, and searches every book from the mirror', async () => {
    const data = harness().emulator.state.data;
    const me = data.users.find((user) => user.me);
    const users = await call('list_all_missive_users');
    expect(JSON.stringify(users.result)).toContain(me?.email ?? 'nobody');
    await call('list_all_missive_teams');
    await call('list_all_missive_organizations');
    await call('list_all_missive_contact_books');
    const book = data.contactBooks[0]?.id ?? '';
    await call('list_all_missive_contact_groups', { contact_book: book, kind: 'organization' });
    const first = await call('list_all_missive_contacts', { contact_book: book, limit: '5' });
    expect(first.next_page).toEqual({ limit: '5', offset: '5' });
    const second = await call('list_all_missive_contacts', {
      contact_book: book,
      ...first.next_page,
    });
    const ids = (page: unknown) =>
      z
        .object({ contacts: z.array(z.object({ id: z.string() })) })
        .parse(page)
        .contacts.map((contact) => contact.id);
    expect(ids(second.result)).toHaveLength(5);
    expect(ids(second.result).some((id) => ids(first.result).includes(id))).toBe(false);
    const someone = data.contacts.find((contact) => contact.last_name);
    const found = await call('search_contacts', { query: someone?.last_name ?? '' });
    expect(ids(found.result)).toContain(someone?.id);
    await call('list_all_missive_responses');
    await call('get_single_missive_response_by_id', { id: data.responses[0]?.id ?? '' });
    await call('list_all_missive_shared_labels');
  });

  it('reads conversations, their messages and comments, and a conversation’s context', async () => {
    const data = harness().emulator.state.data;
    const page = await call('list_all_missive_conversations', { all: 'true', limit: '3' });
    const conversations = z
      .object({
        conversations: z.array(z.object({ id: z.string(), last_activity_at: z.number() })),
      })
      .parse(page.result).conversations;
    expect(conversations).toHaveLength(3);
    expect(page.next_page).toEqual({
      limit: '3',
      until: String(conversations.at(-1)?.last_activity_at),
    });
    const withMessages = data.messages[0]?.conversation ?? '';
    await call('get_single_missive_conversation_by_id', { id: withMessages });
    await call('list_all_missive_conversation_messages', { id: withMessages });
    await call('list_all_missive_conversation_comments', {
      id: data.comments[0]?.conversation ?? '',
    });
    const message = data.messages.find((candidate) => candidate.email_message_id);
    const one = await call('get_single_missive_message_by_id', { id: message?.id ?? '' });
    expect(JSON.stringify(one.result)).toContain(message?.id);
    await call('list_all_missive_messages', { email_message_id: message?.email_message_id ?? '' });
    const context = await call('get_conversation_context', { conversation_id: withMessages });
    expect(context.result).toMatchObject({ conversation: { id: withMessages } });
  });

  it('downloads an attachment of a message as a resource, and only from Missive’s own address', async () => {
    const data = harness().emulator.state.data;
    const message = data.messages.find((candidate) =>
      candidate.attachments.some((file) => file.size < 1024 * 1024),
    );
    const file = message?.attachments.find((candidate) => candidate.size < 1024 * 1024);
    const answer = await callTool(client, 'missive_attachments_download', {
      message_id: message?.id,
      attachment_id: file?.id,
    });
    expect(answer.isError).toBeFalsy();
    const blob = answer.content.find((part) => part.type === 'resource');
    expect(
      blob?.type === 'resource' && 'blob' in blob.resource
        ? Buffer.from(blob.resource.blob, 'base64').length
        : 0,
    ).toBe(file?.size);
    called.add('missive_attachments_download');
    // The agent cannot name the address: only the message and the attachment.
    const pointed = await callTool(client, 'missive_attachments_download', {
      message_id: message?.id,
      attachment_id: file?.id,
      url: 'http://169.254.169.254/latest/meta-data/',
    });
    expect(pointed.isError).toBe(true);
    expect(textOf(pointed)).toContain('url');
    const stranger = await callTool(client, 'missive_attachments_download', {
      message_id: message?.id,
      attachment_id: 'not-one-of-its-files',
    });
    expect(stranger.isError).toBe(true);
    expect(textOf(stranger)).toContain(`its attachments are ${file?.id ?? ''}`);
    const big = data.messages
      .flatMap((candidate) =>
        candidate.attachments.map((attachment) => ({ candidate, attachment })),
      )
      .find(({ attachment }) => attachment.size > 1024 * 1024);
    const tooBig = await callTool(client, 'missive_attachments_download', {
      message_id: big?.candidate.id,
      attachment_id: big?.attachment.id,
    });
    expect(textOf(tooBig)).toContain('over the 1048576-byte cap');
  });

  it('writes through the gateway: every write lands in Missive and in the audit log under the agent’s name', async () => {
    const state = harness().emulator.state;
    const { data } = state;
    const organization = data.organizations[0]?.id ?? '';
    const label = created(
      (
        await call('create_a_missive_shared_label', {
          shared_labels: [{ name: 'AI triaged', organization }],
        })
      ).result,
    );
    expect(state.get('sharedLabels', label.id)?.name).toBe('AI triaged');
    await call('update_a_missive_shared_label_by_id', {
      id: label.id,
      shared_labels: [{ id: label.id, name: 'AI sorted' }],
    });
    expect(state.get('sharedLabels', label.id)?.name).toBe('AI sorted');

    const book = data.contactBooks[0]?.id ?? '';
    const contact = created(
      (
        await call('create_a_missive_contact', {
          contacts: [{ contact_book: book, first_name: 'Grace', last_name: 'Agent' }],
        })
      ).result,
    );
    expect(state.get('contacts', contact.id)?.last_name).toBe('Agent');
    await call('update_a_missive_contact_by_id', {
      id: contact.id,
      contacts: [{ id: contact.id, first_name: 'Gracie' }],
    });
    expect(state.get('contacts', contact.id)?.first_name).toBe('Gracie');
    await call('edit_contact', { contact_id: contact.id, changes: { last_name: 'Hopper' } });
    expect(state.get('contacts', contact.id)).toMatchObject({
      first_name: 'Gracie',
      last_name: 'Hopper',
    });
    await call('get_single_missive_contact_by_id', { id: contact.id });

    const conversation = data.messages[0]?.conversation ?? '';
    const draft = created(
      (
        await call('create_a_missive_draft', {
          drafts: { conversation, body: 'Suggested reply', subject: 'Re: your order' },
        })
      ).result,
    );
    expect(state.get('drafts', draft.id)?.body).toBe('Suggested reply');
    await call('delete_a_missive_draft_by_id', { id: draft.id });
    expect(state.get('drafts', draft.id)).toBeUndefined();

    const message = created(
      (
        await call('create_a_missive_message', {
          messages: {
            account: CUSTOM_CHANNEL_ACCOUNT,
            from_field: { id: 'bot-1', name: 'Order bot' },
            to_fields: [{ id: 'team' }],
            body: 'Order 1042 shipped',
          },
        })
      ).result,
    );
    expect(state.get('messages', message.id)?.body).toBe('Order 1042 shipped');

    const post = z.object({ posts: z.object({ id: z.string() }) }).parse(
      (
        await call('create_a_missive_post', {
          posts: {
            conversation,
            notification: { title: 'Refund', body: 'approved' },
            markdown: 'Refund **approved**',
            reopen: false,
          },
        })
      ).result,
    ).posts;
    expect(state.get('posts', post.id)?.conversation).toBe(conversation);
    await call('delete_a_missive_post_by_id', { id: post.id });
    expect(state.get('posts', post.id)).toBeUndefined();

    const task = created(
      (
        await call('create_a_missive_task', {
          tasks: { title: 'Call the customer back', subtask: true, conversation },
        })
      ).result,
    );
    await call('update_a_missive_task_by_id', { id: task.id, tasks: { state: 'closed' } });
    expect(state.get('tasks', task.id)).toMatchObject({
      title: 'Call the customer back',
      state: 'closed',
    });

    const hook = created(
      (
        await call('create_a_missive_webhook', {
          hooks: { type: 'new_comment', url: 'https://agent.example.com/hook', organization },
        })
      ).result,
    );
    expect(state.get('hooks', hook.id)?.url).toBe('https://agent.example.com/hook');
    await call('delete_a_missive_webhook_by_id', { id: hook.id });
    expect(state.get('hooks', hook.id)).toBeUndefined();

    const now = Math.floor(Date.now() / 1000);
    const report = created(
      (
        await call('create_a_missive_analytics_report', {
          reports: { organization, start: now - 7 * 86_400, end: now },
        })
      ).result,
    );
    await call('get_single_missive_analytics_report_by_id', { id: report.id });

    await call('add_labels', { conversation_ids: [conversation], label_ids: [label.id] });
    expect(state.get('conversations', conversation)?.shared_labels).toContain(label.id);
    await call('remove_labels', { conversation_ids: [conversation], label_ids: [label.id] });
    expect(state.get('conversations', conversation)?.shared_labels).not.toContain(label.id);

    const audit = auditListResponse.parse((await harness().request('/api/audit?limit=100')).json);
    const mine = audit.entries.filter((entry) => entry.agent === AGENT);
    expect(new Set(mine.map((entry) => entry.endpoint))).toEqual(
      new Set([
        'createSharedLabels',
        'updateSharedLabels',
        'createContacts',
        'updateContacts',
        'createDraft',
        'deleteDraft',
        'createMessage',
        'createPost',
        'deletePost',
        'createTask',
        'updateTask',
        'createHook',
        'deleteHook',
        'createAnalyticsReport',
        'updateConversations',
      ]),
    );
    // Every call went through the agents' lane, none through the people's.
    const lanes = harness().gateway.limits().upstream.upstreamCallsByLane;
    expect(lanes.automation).toBeGreaterThan(15);
  });

  it('has called every tool it lists', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).filter((name) => !called.has(name))).toEqual([]);
  });
});

describe('hostile and refused calls', () => {
  it('answers wrong types, unknown tools and huge arguments with a tool error, and keeps serving', async () => {
    const wrong = await callTool(client, 'get_single_missive_contact_by_id', { id: 42 });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toMatch(/id/);
    const unknown = await callTool(client, 'drop_all_tables');
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('drop_all_tables not found');
    const huge = await callTool(client, 'add_labels', {
      conversation_ids: Array.from({ length: 20_000 }, (_, index) => `c${index}`),
      label_ids: ['x'],
    });
    expect(huge.isError).toBe(true);
    const traversal = await callTool(client, 'get_single_missive_contact_by_id', { id: '..' });
    expect(traversal.isError).toBe(true);
    // The gateway's own validation, after the tool's: a precise message.
    const badQuery = await callTool(client, 'list_all_missive_conversations', { limit: '5' });
    expect(textOf(badQuery)).toContain('name a mailbox');
    await expect(call('list_all_missive_organizations')).resolves.toBeDefined();
  });

  it('answers a body that is not JSON, too large or nested too deep with a JSON-RPC error', async () => {
    const key = await harness().keyFor('Raw Bot');
    const post = (body: string) =>
      fetch(`${harness().base}/mcp`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body,
      });
    const cases: [string, number, string][] = [
      ['{"jsonrpc": "2.0", "id": 1, "method": ', 400, 'not valid JSON'],
      [`{"pad": "${'x'.repeat(11 * 1024 * 1024)}"}`, 413, 'exceeds the limit'],
      [`${'['.repeat(100)}${']'.repeat(100)}`, 400, 'nested'],
    ];
    for (const [body, status, words] of cases) {
      const answer = await post(body);
      expect(answer.status).toBe(status);
      const reply = z
        .object({
          jsonrpc: z.literal('2.0'),
          error: z.object({ code: z.number(), message: z.string() }),
        })
        .parse(await answer.json());
      expect(reply.error.message).toContain(words);
    }
    await expect(call('list_all_missive_organizations')).resolves.toBeDefined();
  });

  it('refuses an agent’s admin-only tool with the role it has, and a call without a key', async () => {
    const agent = await connectOverHttp(harness().base, await harness().keyFor('Plain Bot'));
    const refused = await callTool(agent, 'create_a_missive_webhook', {
      hooks: { type: 'new_comment', url: 'https://agent.example.com/hook' },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('403');
    await agent.close();
    const anonymous = await fetch(`${harness().base}/mcp`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(anonymous.status).toBe(401);
    const get = await harness().request('/mcp', { method: 'GET' });
    expect(get.status).toBe(405);
  });
});
