import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { harnessPerFile } from '../test/harness-per-file';
import { callTool, connectOverHttp, textOf } from '../test/mcp-client';
import {
  downloadAttachment,
  readConversations,
  readDirectory,
  Tour,
  writeEverything,
} from '../test/mcp-tour';

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
let tour: Tour;

beforeAll(async () => {
  // An AI agent is a person with a key: an admin here, so that webhooks are in reach.
  client = await connectOverHttp(harness().base, await harness().keyFor(AGENT, 'admin'));
  tour = new Tour(harness(), client, AGENT);
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
    await readDirectory(tour);
  });

  it('reads conversations, their messages and comments, and a conversation’s context', async () => {
    await readConversations(tour);
  });

  it('downloads an attachment of a message as a resource, and only from Missive’s own address', async () => {
    await downloadAttachment(tour);
    const data = harness().emulator.state.data;
    const message = data.messages.find((candidate) => candidate.attachments.length > 0);
    const file = message?.attachments[0];
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
    // A comment's file, named by its conversation and the comment.
    const comment = data.comments.find(
      (candidate) => candidate.attachment && candidate.attachment.size < 1024 * 1024,
    );
    const ofComment = await callTool(client, 'missive_attachments_download', {
      conversation_id: comment?.conversation,
      comment_id: comment?.id,
      attachment_id: comment?.attachment?.id,
    });
    expect(ofComment.isError ? textOf(ofComment) : 'downloaded').toBe('downloaded');
    expect(textOf(ofComment)).toContain(comment?.attachment?.filename ?? 'no comment has a file');
    const both = await callTool(client, 'missive_attachments_download', {
      message_id: message?.id,
      comment_id: comment?.id,
      attachment_id: file?.id,
    });
    expect(textOf(both)).toContain('name either message_id, or conversation_id and comment_id');
  });

  it('edits a contact on top of what changed meanwhile, and refuses to overwrite a field a colleague changed since the agent read it', async () => {
    const contact = harness().emulator.state.data.contacts.find(
      (candidate) => candidate.first_name,
    );
    const read = await tour.call('get_single_missive_contact_by_id', { id: contact?.id ?? '' });
    const [base] = z.object({ contacts: z.array(z.looseObject({})) }).parse(read.result).contacts;
    // A colleague changes the notes after the agent read the contact.
    const colleague = await harness().request(`/api/missive/v1/contacts/${contact?.id ?? ''}`, {
      method: 'PATCH',
      agent: 'colleague',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ contacts: [{ id: contact?.id, notes: 'Prefers phone calls' }] }),
    });
    expect(colleague.status).toBe(200);
    const refused = await callTool(client, 'edit_contact', {
      contact_id: contact?.id,
      base,
      changes: { notes: 'VIP' },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('409 conflict: someone else changed notes');
    // A field nobody else touched goes through, the colleague's note kept.
    await tour.call('edit_contact', {
      contact_id: contact?.id,
      base,
      changes: { nickname: 'Ace' },
    });
    expect(harness().emulator.state.get('contacts', contact?.id ?? '')).toMatchObject({
      notes: 'Prefers phone calls',
      nickname: 'Ace',
    });
  });

  it('writes through the gateway: every write lands in Missive and in the audit log under the agent’s name', async () => {
    await writeEverything(tour);
  });

  it('has called every tool it lists', async () => {
    expect(await tour.untouched()).toEqual([]);
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
    // JSON numbers and booleans, as agents send them, for a query's text.
    const typed = await tour.call('list_all_missive_conversations', { all: true, limit: 2 });
    expect(typed.next_page).toMatchObject({ limit: '2' });
    const tooMany = await callTool(client, 'list_all_missive_conversations', {
      all: true,
      limit: 500,
    });
    expect(textOf(tooMany)).toContain('limit: must be at most 50');
    await expect(tour.call('list_all_missive_organizations')).resolves.toBeDefined();
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
    await expect(tour.call('list_all_missive_organizations')).resolves.toBeDefined();
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
