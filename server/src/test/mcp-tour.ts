import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { expect } from 'vitest';
import { z } from 'zod';
import { auditListResponse } from '@crm/shared/audit';
import { CUSTOM_CHANNEL_ACCOUNT } from '../emulator/handlers/content';
import type { GatewayHarness } from './gateway-harness';
import { callJson, callTool } from './mcp-client';

/**
 * A tour of every MCP tool against the demo organisation: each called with
 * arguments taken from the emulator's data, each read checked for what it
 * must hold, each write checked in the emulator ("upstream") and in the
 * audit log under the agent's name. Run over HTTP and over stdio alike.
 */
export class Tour {
  /** The tools called successfully so far. */
  readonly called = new Set<string>();

  constructor(
    readonly harness: GatewayHarness,
    readonly client: Client,
    /** The person whose key the client holds: an admin, so that webhooks are in reach. */
    readonly agent: string,
  ) {}

  async call(name: string, args: Record<string, unknown> = {}) {
    const answer = await callJson(this.client, name, args);
    this.called.add(name);
    return answer;
  }

  /** The listed tools not called yet. */
  async untouched(): Promise<string[]> {
    const { tools } = await this.client.listTools();
    return tools.map((tool) => tool.name).filter((name) => !this.called.has(name));
  }
}

/** The one record a write answered, under Missive's `{resource: {...} | [...]}`. */
function created(result: unknown): { id: string } & Record<string, unknown> {
  const record = z.looseObject({}).parse(result);
  const [first] = Object.values(record).flat();
  return z.looseObject({ id: z.string() }).parse(first);
}

/** Users, teams, books, groups, contacts (paged), the search across books, responses, labels. */
export async function readDirectory(tour: Tour): Promise<void> {
  const data = tour.harness.emulator.state.data;
  const me = data.users.find((user) => user.me);
  const users = await tour.call('list_all_missive_users');
  expect(JSON.stringify(users.result)).toContain(me?.email ?? 'nobody');
  await tour.call('list_all_missive_teams');
  await tour.call('list_all_missive_organizations');
  await tour.call('list_all_missive_contact_books');
  const book = data.contactBooks[0]?.id ?? '';
  await tour.call('list_all_missive_contact_groups', { contact_book: book, kind: 'organization' });
  const first = await tour.call('list_all_missive_contacts', { contact_book: book, limit: '5' });
  expect(first.next_page).toEqual({ limit: '5', offset: '5' });
  const second = await tour.call('list_all_missive_contacts', {
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
  const found = await tour.call('search_contacts', { query: someone?.last_name ?? '' });
  expect(ids(found.result)).toContain(someone?.id);
  await tour.call('list_all_missive_responses');
  await tour.call('get_single_missive_response_by_id', { id: data.responses[0]?.id ?? '' });
  await tour.call('list_all_missive_shared_labels');
}

/** Conversations (paged with until), one, its messages and comments, messages by id and Message-ID, the context. */
export async function readConversations(tour: Tour): Promise<void> {
  const data = tour.harness.emulator.state.data;
  const page = await tour.call('list_all_missive_conversations', { all: 'true', limit: '3' });
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
  await tour.call('get_single_missive_conversation_by_id', { id: withMessages });
  await tour.call('list_all_missive_conversation_messages', { conversation_id: withMessages });
  await tour.call('list_all_missive_conversation_comments', {
    conversation_id: data.comments[0]?.conversation ?? '',
  });
  const message = data.messages.find((candidate) => candidate.email_message_id);
  const one = await tour.call('get_single_missive_message_by_id', { id: message?.id ?? '' });
  expect(JSON.stringify(one.result)).toContain(message?.id);
  await tour.call('list_all_missive_messages', {
    email_message_id: message?.email_message_id ?? '',
  });
  const context = await tour.call('get_conversation_context', { conversation_id: withMessages });
  expect(context.result).toMatchObject({ conversation: { id: withMessages } });
}

/** A message's attachment under the cap, whose bytes must be the file's. */
export async function downloadAttachment(tour: Tour): Promise<void> {
  const data = tour.harness.emulator.state.data;
  const message = data.messages.find((candidate) =>
    candidate.attachments.some((file) => file.size < 1024 * 1024),
  );
  const file = message?.attachments.find((candidate) => candidate.size < 1024 * 1024);
  const answer = await callTool(tour.client, 'missive_attachments_download', {
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
  tour.called.add('missive_attachments_download');
}

/** Every write, each checked in the emulator, then the audit log: all under the agent's name, in the agents' lane. */
export async function writeEverything(tour: Tour): Promise<void> {
  const state = tour.harness.emulator.state;
  const { data } = state;
  const organization = data.organizations[0]?.id ?? '';
  const label = created(
    (
      await tour.call('create_a_missive_shared_label', {
        shared_labels: [{ name: 'AI triaged', organization }],
      })
    ).result,
  );
  expect(state.get('sharedLabels', label.id)?.name).toBe('AI triaged');
  await tour.call('update_a_missive_shared_label_by_id', {
    id: label.id,
    shared_labels: [{ id: label.id, name: 'AI sorted' }],
  });
  expect(state.get('sharedLabels', label.id)?.name).toBe('AI sorted');

  const book = data.contactBooks[0]?.id ?? '';
  const contact = created(
    (
      await tour.call('create_a_missive_contact', {
        contacts: [{ contact_book: book, first_name: 'Grace', last_name: 'Agent' }],
      })
    ).result,
  );
  expect(state.get('contacts', contact.id)?.last_name).toBe('Agent');
  await tour.call('update_a_missive_contact_by_id', {
    id: contact.id,
    contacts: [{ id: contact.id, first_name: 'Gracie' }],
  });
  expect(state.get('contacts', contact.id)?.first_name).toBe('Gracie');
  await tour.call('edit_contact', { contact_id: contact.id, changes: { last_name: 'Hopper' } });
  expect(state.get('contacts', contact.id)).toMatchObject({
    first_name: 'Gracie',
    last_name: 'Hopper',
  });
  await tour.call('get_single_missive_contact_by_id', { id: contact.id });

  const conversation = data.messages[0]?.conversation ?? '';
  const draft = created(
    (
      await tour.call('create_a_missive_draft', {
        drafts: { conversation, body: 'Suggested reply', subject: 'Re: your order' },
      })
    ).result,
  );
  expect(state.get('drafts', draft.id)?.body).toBe('Suggested reply');
  await tour.call('delete_a_missive_draft_by_id', { id: draft.id });
  expect(state.get('drafts', draft.id)).toBeUndefined();

  const message = created(
    (
      await tour.call('create_a_missive_message', {
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
      await tour.call('create_a_missive_post', {
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
  await tour.call('delete_a_missive_post_by_id', { id: post.id });
  expect(state.get('posts', post.id)).toBeUndefined();

  const task = created(
    (
      await tour.call('create_a_missive_task', {
        tasks: { title: 'Call the customer back', subtask: true, conversation },
      })
    ).result,
  );
  await tour.call('update_a_missive_task_by_id', { id: task.id, tasks: { state: 'closed' } });
  expect(state.get('tasks', task.id)).toMatchObject({
    title: 'Call the customer back',
    state: 'closed',
  });

  const hook = created(
    (
      await tour.call('create_a_missive_webhook', {
        hooks: { type: 'new_comment', url: 'https://agent.example.com/hook', organization },
      })
    ).result,
  );
  expect(state.get('hooks', hook.id)?.url).toBe('https://agent.example.com/hook');
  await tour.call('delete_a_missive_webhook_by_id', { id: hook.id });
  expect(state.get('hooks', hook.id)).toBeUndefined();

  const now = Math.floor(Date.now() / 1000);
  const report = created(
    (
      await tour.call('create_a_missive_analytics_report', {
        reports: { organization, start: now - 7 * 86_400, end: now },
      })
    ).result,
  );
  await tour.call('get_single_missive_analytics_report_by_id', { id: report.id });

  await tour.call('add_labels', { conversation_ids: [conversation], label_ids: [label.id] });
  expect(state.get('conversations', conversation)?.shared_labels).toContain(label.id);
  await tour.call('remove_labels', { conversation_ids: [conversation], label_ids: [label.id] });
  expect(state.get('conversations', conversation)?.shared_labels).not.toContain(label.id);

  const audit = auditListResponse.parse((await tour.harness.request('/api/audit?limit=100')).json);
  const mine = audit.entries.filter((entry) => entry.agent === tour.agent);
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
  const lanes = (await tour.harness.gateway.limits()).upstream.upstreamCallsByLane;
  expect(lanes.automation).toBeGreaterThan(15);
}
