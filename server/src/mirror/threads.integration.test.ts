import { describe, expect, it } from 'vitest';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import { draftResponse, draftsResponse } from '@crm/shared/missive/drafts';
import { postsResponse } from '@crm/shared/missive/posts';
import { EMULATOR_TOKEN } from '../test/gateway-harness';
import { directMissive } from '../test/direct-missive';
import { harnessPerFile } from '../test/harness-per-file';

/**
 * A conversation's own lists through the gateway's proxy: read from Missive
 * once, then answered from the mirror until the conversation changes, which
 * the sync, a webhook or the gateway's own write tells.
 */

/** Missive's API called directly: what someone does in Missive's own app. */
let external: ReturnType<typeof directMissive>;
const harness = harnessPerFile({}, async (started) => {
  external = directMissive(started.emulator.baseUrl, EMULATOR_TOKEN);
  const { failures } = await started.mirror.sync.runOnce();
  expect(failures).toEqual([]);
});

/** Conversations of the token's owner, each used by one test only. */
const used = new Set<string>();
function freshConversation(): string {
  const me = harness().emulator.state.me().id;
  const found = harness().emulator.state.data.conversations.find(
    (conversation) =>
      !conversation.merged_into &&
      conversation.users[me] &&
      !conversation.trashed &&
      !used.has(conversation.id),
  );
  if (!found) throw new Error('the seed has no conversation of the token owner left');
  used.add(found.id);
  return found.id;
}

async function read(path: string, headers: Record<string, string> = {}) {
  const before = harness().upstreamCalls();
  const answer = await harness().request(`/api/missive/v1${path}`, { headers });
  expect(answer.status, answer.text).toBe(200);
  return {
    json: answer.json,
    source: answer.headers.get('x-gateway-source'),
    calls: harness().upstreamCalls() - before,
  };
}

async function postExternally(conversation: string, text: string) {
  await external('/posts', {
    method: 'POST',
    body: { posts: { conversation, text, notification: { title: 'Note', body: text } } },
  });
}

function texts(json: unknown): (string | null)[] {
  return postsResponse.parse(json).posts.map((post) => post.text);
}

describe("a conversation's lists", () => {
  it('are read from Missive once, then from the mirror at no cost', async () => {
    const id = freshConversation();
    const first = await read(`/conversations/${id}/messages`);
    expect(first).toMatchObject({ source: 'upstream', calls: 1 });
    const second = await read(`/conversations/${id}/messages`);
    expect(second).toMatchObject({ source: 'mirror', calls: 0 });
    expect(second.json).toEqual(first.json);
    // Another page is another question.
    expect(await read(`/conversations/${id}/messages?limit=2`)).toMatchObject({
      source: 'upstream',
      calls: 1,
    });
    // The same question asked with its keys in another order is not.
    const page = await read(`/conversations/${id}/messages?limit=2&until=9999999999`);
    expect(await read(`/conversations/${id}/messages?until=9999999999&limit=2`)).toMatchObject({
      source: 'mirror',
      json: page.json,
    });
  });

  it('are read again once the sync sees the conversation changed in Missive', async () => {
    const id = freshConversation();
    await read(`/conversations/${id}/posts`);
    await postExternally(id, 'Written in Missive');
    // Nothing has told the gateway yet: the mirror's answer stands.
    const unaware = await read(`/conversations/${id}/posts`);
    expect(unaware.source).toBe('mirror');
    expect(texts(unaware.json)).not.toContain('Written in Missive');

    const { failures } = await harness().mirror.sync.runOnce();
    expect(failures).toEqual([]);
    const after = await read(`/conversations/${id}/posts`);
    expect(after).toMatchObject({ source: 'upstream', calls: 1 });
    expect(texts(after.json)).toContain('Written in Missive');
    expect((await read(`/conversations/${id}/posts`)).source).toBe('mirror');
  });

  it('are read again after a webhook names the conversation', async () => {
    const id = freshConversation();
    await read(`/conversations/${id}/posts`);
    await postExternally(id, 'Announced by a webhook');
    const [conversation] = conversationsResponse.parse(
      await external(`/conversations/${id}`),
    ).conversations;
    const delivered = await harness().deliverWebhook({
      rule: { id: 'rule-1', description: 'posts', type: 'new_comment' },
      conversation,
    });
    expect(delivered.status).toBe(200);
    const after = await read(`/conversations/${id}/posts`);
    expect(after.source).toBe('upstream');
    expect(texts(after.json)).toContain('Announced by a webhook');
  });

  it("follow the gateway's own writes: a draft saved, then deleted", async () => {
    const id = freshConversation();
    const drafts = (json: unknown) => draftsResponse.parse(json).drafts.map((draft) => draft.id);
    const before = drafts((await read(`/conversations/${id}/drafts`)).json);
    const saved = await harness().request('/api/missive/v1/drafts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ drafts: { conversation: id, body: 'Thanks, on it.' } }),
    });
    expect(saved.status, saved.text).toBe(200);
    const draft = draftResponse.parse(saved.json).drafts.id;
    expect(drafts((await read(`/conversations/${id}/drafts`)).json)).toEqual([draft, ...before]);
    expect((await read(`/conversations/${id}/drafts`)).source).toBe('mirror');

    const deleted = await harness().request(`/api/missive/v1/drafts/${draft}`, {
      method: 'DELETE',
    });
    expect(deleted.status, deleted.text).toBeLessThan(300);
    const after = await read(`/conversations/${id}/drafts`);
    expect(after.source).toBe('upstream');
    expect(drafts(after.json)).toEqual(before);
  });

  it('are asked of Missive when the client says no-cache, and never kept for a conversation the mirror lacks', async () => {
    const id = freshConversation();
    await read(`/conversations/${id}/comments`);
    expect(
      await read(`/conversations/${id}/comments`, { 'Cache-Control': 'no-cache' }),
    ).toMatchObject({ source: 'upstream', calls: 1 });

    const unknown = freshConversation();
    await harness().store.mirror.write({ deletes: [{ kind: 'conversations', ids: [unknown] }] });
    await read(`/conversations/${unknown}/comments`);
    expect((await read(`/conversations/${unknown}/comments`)).source).not.toBe('mirror');
  });
});
