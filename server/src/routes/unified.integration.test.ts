import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  unifiedCommentSchema,
  unifiedListSchema,
  unifiedMeSchema,
  unifiedTagSchema,
  unifiedTicketSchema,
  unifiedAttachmentSchema,
} from '@crm/shared/unified';
import { harnessPerFile } from '../test/harness-per-file';

const harness = harnessPerFile({}, async (started) => {
  const { failures } = await started.mirror.sync.runOnce();
  expect(failures).toEqual([]);
});

const API = '/api/unified/ticketing';

async function list<T extends z.ZodType>(item: T, path: string) {
  const answer = await harness().request(`${API}${path}`);
  expect(answer.status).toBe(200);
  return unifiedListSchema(item).parse(answer.json);
}

/** Every page of a list, following next_cursor. */
async function all<T extends z.ZodType>(item: T, path: string): Promise<z.output<T>[]> {
  const items: z.output<T>[] = [];
  const joiner = path.includes('?') ? '&' : '?';
  let page = await list(item, path);
  items.push(...page.result);
  while (page.next_cursor !== null) {
    page = await list(item, `${path}${joiner}cursor=${page.next_cursor}`);
    items.push(...page.result);
  }
  return items;
}

describe('the unified ticketing API', () => {
  it('pages tickets newest activity first from the mirror, without a call to Missive', async () => {
    const before = harness().upstreamCalls();
    const tickets = await all(unifiedTicketSchema, '/tickets?limit=7');
    const { conversations = 0 } = await harness().store.mirror.countByKind();
    expect(tickets).toHaveLength(conversations);
    expect(new Set(tickets.map((ticket) => ticket.id)).size).toBe(tickets.length);
    const times = tickets.map((ticket) => ticket.updated_at ?? '');
    expect([...times].sort().reverse()).toEqual(times);
    expect(harness().upstreamCalls()).toBe(before);
  });

  it('maps one ticket field by field', async () => {
    const conversation = harness().emulator.state.data.conversations.find(
      (c) => c.shared_labels.length > 0 && c.organization,
    );
    const answer = await harness().request(`${API}/tickets/${conversation?.id ?? ''}`);
    const ticket = z.object({ result: unifiedTicketSchema }).parse(answer.json).result;
    expect(ticket).toMatchObject({
      id: conversation?.id,
      workspace: { id: conversation?.organization },
    });
    expect(ticket.tags.map((tag) => tag.id)).toEqual(conversation?.shared_labels);
    expect(ticket.ticket_url).toMatch(/^https:/);
  });

  it('interleaves a ticket’s messages, comments and posts newest first, every one once, across pages', async () => {
    const { data } = harness().emulator.state;
    const count = (id: string) =>
      data.messages.filter((m) => m.conversation === id).length +
      data.comments.filter((c) => c.conversation === id).length +
      data.posts.filter((p) => p.conversation === id).length;
    const busiest = [...data.conversations].sort((a, b) => count(b.id) - count(a.id))[0];
    const id = busiest?.id ?? '';
    // More than one page of Missive's (10) in at least one list: posts, written through the gateway.
    for (let index = 0; index < 11; index++) {
      const posted = await harness().request('/api/missive/v1/posts', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          posts: {
            conversation: id,
            notification: { title: 'Build', body: `build ${index}` },
            text: `build ${index} passed`,
            reopen: false,
          },
        }),
      });
      expect(posted.status).toBe(200);
    }
    expect(count(id)).toBeGreaterThan(20);
    const expected = [
      ...data.messages.filter((m) => m.conversation === id).map((m) => m.id),
      ...data.comments.filter((c) => c.conversation === id).map((c) => c.id),
      ...data.posts.filter((p) => p.conversation === id).map((p) => p.id),
    ].sort();
    // Missive's pages of 10 decide the default pages; a small limit cuts them finer.
    for (const limit of [undefined, 4]) {
      const query = limit === undefined ? '' : `&limit=${limit}`;
      const pages: number[] = [];
      const comments: z.output<typeof unifiedCommentSchema>[] = [];
      let page = await list(unifiedCommentSchema, `/comments?ticket_id=${id}${query}`);
      for (;;) {
        pages.push(page.result.length);
        comments.push(...page.result);
        if (page.next_cursor === null) break;
        page = await list(
          unifiedCommentSchema,
          `/comments?ticket_id=${id}${query}&cursor=${page.next_cursor}`,
        );
      }
      expect(comments.map((comment) => comment.id).sort()).toEqual(expected);
      const times = comments.map((comment) => comment.created_at ?? '');
      expect([...times].sort().reverse()).toEqual(times);
      if (limit !== undefined) expect(pages.length).toBeGreaterThan(expected.length / 10);
    }
    const comments = await all(unifiedCommentSchema, `/comments?ticket_id=${id}`);
    // Who sent a message: the team (its users' and shared addresses), or someone outside.
    const own = await harness().mirror.reader.ownAddresses();
    const messages = comments.filter((c) => c.kind === 'message');
    for (const comment of messages) {
      const address = comment.author.email?.toLowerCase() ?? '';
      expect(comment.author.type).toBe(
        own.emails.includes(address) || own.phones.includes(address) ? 'user' : 'contact',
      );
    }
    expect(new Set(messages.map((comment) => comment.author.type))).toEqual(
      new Set(['user', 'contact']),
    );
    expect(comments.find((comment) => comment.kind === 'comment')?.is_private).toBe(true);
  });

  it('lists a ticket’s attachments with their files’ addresses', async () => {
    const message = harness().emulator.state.data.messages.find((m) => m.attachments.length > 0);
    const attachments = await all(
      unifiedAttachmentSchema,
      `/attachments?ticket_id=${message?.conversation ?? ''}`,
    );
    expect(attachments.map((file) => file.id)).toEqual(
      expect.arrayContaining(message?.attachments.map((file) => file.id) ?? ['none']),
    );
    expect(attachments[0]?.comment.id).toBeTruthy();
  });

  it('serves tags, teams, users, workspaces and me from the directory', async () => {
    const { data } = harness().emulator.state;
    const tags = await all(unifiedTagSchema, '/tags?limit=10');
    expect(tags).toHaveLength(data.sharedLabels.length);
    expect(await all(z.object({ id: z.string() }), '/teams')).toHaveLength(data.teams.length);
    expect(await all(z.object({ id: z.string() }), '/users')).toHaveLength(data.users.length);
    expect(await all(z.object({ id: z.string() }), '/workspaces')).toHaveLength(
      data.organizations.length,
    );
    const me = z
      .object({ result: unifiedMeSchema })
      .parse((await harness().request(`${API}/me`)).json);
    expect(me.result).toMatchObject({
      id: data.users.find((user) => user.me)?.id,
      gateway_person: { name: 'admin', role: 'admin' },
    });
  });

  it.each([
    ['/tickets?cursor=bm90LWEtY3Vyc29y', 400, 'query.cursor'],
    ['/tickets?limit=1000', 400, 'query.limit'],
    ['/comments', 400, 'query.ticket_id'],
    ['/tickets/no-such-ticket', 404, 'no-such-ticket'],
    ['/comments?ticket_id=no-such-ticket', 404, 'no-such-ticket'],
    ['/invoices', 404, ''],
  ])('refuses %s with %i and a message naming the problem', async (path, status, words) => {
    const answer = await harness().request(`${API}${path}`);
    expect(answer.status).toBe(status);
    expect(JSON.stringify(answer.json)).toContain(words);
  });
});
