import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integrationSettingsSchema } from '@crm/shared/integrations';
import {
  integrationOutputSchema,
  UnprocessableEvent,
  type IntegrationOutput,
  type IntegrationRequest,
  type ProcessContext,
  type ProcessResult,
} from '../provider';
import { hostileString, replaceAt, stringPaths, weightedCases } from '../../test/hostile-payloads';
import { hmacSha256Hex } from '../signatures';
import { EXCERPT_MAX_CHARS, EXCERPT_MAX_LINES, githubProvider } from './github';

const SECRET = 'It is a secret to everybody, and a long one';
const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

const context: ProcessContext = {
  settings: integrationSettingsSchema.parse({ enabled: true }),
  conversationByEmail: () => Promise.resolve(undefined),
};

/** The fixture's bytes as GitHub sent them: signatures are over these, not over a re-serialisation. */
function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/github/${name}.json`, import.meta.url));
}

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(fixtureBytes(name).toString('utf8')) as Json;
}

/** A copy of a fixture's object field, to derive a payload GitHub's examples do not include. */
function objectAt(payload: Json, key: string): Json {
  const value = payload[key];
  if (typeof value !== 'object' || value === null) throw new Error(`fixture has no ${key}`);
  return { ...(value as Json) };
}

function request(headers: Record<string, string>, rawBody: Buffer): IntegrationRequest {
  const lowerCased = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    header: (name) => lowerCased.get(name.toLowerCase()),
    rawBody,
    receivedAt: Date.parse('2026-01-01T00:00:00Z'),
  };
}

function delivery(event: string, payload: unknown): IntegrationRequest {
  const rawBody = Buffer.from(JSON.stringify(payload));
  return request(
    {
      'X-GitHub-Event': event,
      'X-GitHub-Delivery': DELIVERY,
      'X-Hub-Signature-256': `sha256=${hmacSha256Hex(SECRET, rawBody)}`,
    },
    rawBody,
  );
}

async function run(event: string, payload: unknown): Promise<ProcessResult> {
  return githubProvider.process(payload, delivery(event, payload), context);
}

/** The post, checked against the schema the gateway's route checks it with. */
async function post(event: string, payload: unknown): Promise<IntegrationOutput> {
  const result = await run(event, payload);
  if (!('post' in result)) throw new Error(`expected a post, got ignored: ${result.ignored}`);
  return integrationOutputSchema.parse(result.post);
}

function reasonOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableEvent);
    return (error as Error).message;
  }
  throw new Error('expected an UnprocessableEvent');
}

async function rejection(work: () => Promise<unknown>): Promise<string> {
  const error: unknown = await work().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UnprocessableEvent);
  return (error as Error).message;
}

const ISSUE_URL = 'https://github.com/Codertocat/Hello-World/issues/1';
const PULL_URL = 'https://github.com/Codertocat/Hello-World/pull/2';
const ISSUE_THREAD = {
  references: ['github:Codertocat/Hello-World#1'],
  subject: 'Codertocat/Hello-World#1: Spelling error in the README file',
};
const PULL_THREAD = {
  references: ['github:Codertocat/Hello-World#2'],
  subject: 'Codertocat/Hello-World#2: Update the README with new information.',
};

/** GitHub's examples have no closed issue: this is their reopened one, closed. */
function closedIssue(stateReason: string | undefined): Json {
  const payload = fixture('issues-reopened');
  const issue: Json = { ...objectAt(payload, 'issue'), state: 'closed' };
  if (stateReason !== undefined) issue.state_reason = stateReason;
  return { ...payload, action: 'closed', issue };
}

/** Nor a merged pull request: this is their closed one, merged. */
function mergedPullRequest(): Json {
  const payload = fixture('pull-request-closed');
  const pull = {
    ...objectAt(payload, 'pull_request'),
    merged: true,
    merged_at: '2019-05-15T15:20:40Z',
  };
  return { ...payload, pull_request: pull };
}

/** Nor a comment on a pull request: GitHub marks such an "issue" with a `pull_request` object. */
function commentOnPullRequest(state: 'open' | 'closed', mergedAt: string | null): Json {
  const payload = fixture('issue-comment-created');
  const issue = {
    ...objectAt(payload, 'issue'),
    state,
    html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
    pull_request: {
      url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1',
      html_url: 'https://github.com/Codertocat/Hello-World/pull/1',
      merged_at: mergedAt,
    },
  };
  return { ...payload, issue };
}

function withComment(body: string): Json {
  const payload = fixture('issue-comment-created');
  return { ...payload, comment: { ...objectAt(payload, 'comment'), body } };
}

/** The lines of the post's quote: everything after the first paragraph. */
function quoteLines(markdown: string | undefined): string[] {
  const [, ...rest] = (markdown ?? '').split('\n\n');
  return rest.join('\n\n').split('\n');
}

/** Every recorded delivery the module posts, with its X-GitHub-Event. */
const POSTED_FIXTURES: readonly (readonly [string, string])[] = [
  ['issues', 'issues-opened'],
  ['issues', 'issues-reopened'],
  ['issues', 'issues-assigned'],
  ['issues', 'issues-labeled'],
  ['issue_comment', 'issue-comment-created'],
  ['pull_request', 'pull-request-opened'],
  ['pull_request', 'pull-request-closed'],
  ['pull_request', 'pull-request-reopened'],
  ['pull_request', 'pull-request-ready-for-review'],
  ['pull_request', 'pull-request-converted-to-draft'],
  ['release', 'release-published'],
];

describe('githubProvider.verify', () => {
  const raw = fixtureBytes('issues-opened');
  const signature = `sha256=${hmacSha256Hex(SECRET, raw)}`;

  it("accepts GitHub's signature over the exact bytes received", () => {
    expect(
      githubProvider.verify(request({ 'X-Hub-Signature-256': signature }, raw), SECRET),
    ).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    const verdict = githubProvider.verify(
      request({ 'x-hub-signature-256': `sha256=${hmacSha256Hex('another secret', raw)}` }, raw),
      SECRET,
    );
    expect(verdict).toEqual({
      ok: false,
      reason: 'X-Hub-Signature-256 does not match the body: check the secret',
    });
  });

  it('refuses a body changed after signing', () => {
    const tampered = Buffer.from(raw);
    const at = tampered.indexOf('Spelling');
    tampered[at] = 'Z'.charCodeAt(0);
    expect(
      githubProvider.verify(request({ 'X-Hub-Signature-256': signature }, tampered), SECRET),
    ).toEqual({
      ok: false,
      reason: 'X-Hub-Signature-256 does not match the body: check the secret',
    });
  });

  it('refuses a malformed signature as not matching', () => {
    expect(
      githubProvider.verify(request({ 'X-Hub-Signature-256': 'sha256=zz' }, raw), SECRET),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') as unknown });
  });

  it('refuses a delivery without the header, or with only the SHA-1 one', () => {
    const missing = { ok: false, reason: 'missing X-Hub-Signature-256 header' };
    expect(githubProvider.verify(request({}, raw), SECRET)).toEqual(missing);
    expect(githubProvider.verify(request({ 'X-Hub-Signature-256': ' ' }, raw), SECRET)).toEqual(
      missing,
    );
    expect(
      githubProvider.verify(request({ 'X-Hub-Signature': `sha1=${'0'.repeat(40)}` }, raw), SECRET),
    ).toEqual(missing);
  });
});

describe('githubProvider.eventId', () => {
  const payload = fixture('issues-opened');
  const raw = fixtureBytes('issues-opened');

  it("is GitHub's delivery GUID, which a redelivery keeps", () => {
    expect(
      githubProvider.eventId(
        payload,
        request({ 'x-github-delivery': DELIVERY }, raw),
        context.settings,
      ),
    ).toBe(DELIVERY);
  });

  it('cannot be made up when the header is missing or empty', () => {
    const deliveries: Record<string, string>[] = [
      {},
      { 'X-GitHub-Delivery': '' },
      { 'X-GitHub-Delivery': '  ' },
    ];
    for (const headers of deliveries) {
      expect(
        reasonOf(() => githubProvider.eventId(payload, request(headers, raw), context.settings)),
      ).toBe('missing X-GitHub-Delivery header');
    }
  });
});

describe('githubProvider.process: issues', () => {
  it('posts an opened issue with its body quoted, in green', async () => {
    expect(await post('issues', fixture('issues-opened'))).toEqual({
      ...ISSUE_THREAD,
      color: '#1a7f37',
      markdown:
        `**Codertocat** opened issue [Codertocat/Hello-World#1](${ISSUE_URL}): Spelling error in the README file\n` +
        "\n> It looks like you accidently spelled 'commit' with two 't's.",
      summary: 'issues.opened Codertocat/Hello-World#1',
    });
  });

  it('posts a completed issue in purple, recolouring its conversation', async () => {
    expect(await post('issues', closedIssue('completed'))).toEqual({
      ...ISSUE_THREAD,
      color: '#8250df',
      markdown: `**Codertocat** closed issue [Codertocat/Hello-World#1](${ISSUE_URL}) as completed: Spelling error in the README file`,
      summary: 'issues.closed (completed) Codertocat/Hello-World#1',
    });
  });

  it('posts an issue closed as not planned in grey', async () => {
    const output = await post('issues', closedIssue('not_planned'));
    expect(output.color).toBe('#6e7781');
    expect(output.markdown).toContain(') as not planned: Spelling');
    expect(output.summary).toBe('issues.closed (not planned) Codertocat/Hello-World#1');
  });

  it('takes a closed issue without a state_reason (older payloads) as completed', async () => {
    const output = await post('issues', closedIssue(undefined));
    expect(output.color).toBe('#8250df');
    expect(output.markdown).toBe(
      `**Codertocat** closed issue [Codertocat/Hello-World#1](${ISSUE_URL}): Spelling error in the README file`,
    );
    expect(output.summary).toBe('issues.closed Codertocat/Hello-World#1');
  });

  it('posts a reopened issue in green, in one line (its body is not news)', async () => {
    expect(await post('issues', fixture('issues-reopened'))).toEqual({
      ...ISSUE_THREAD,
      color: '#1a7f37',
      markdown: `**Codertocat** reopened issue [Codertocat/Hello-World#1](${ISSUE_URL}): Spelling error in the README file`,
      summary: 'issues.reopened Codertocat/Hello-World#1',
    });
  });

  it('posts who was assigned and which label was added', async () => {
    expect(await post('issues', fixture('issues-assigned'))).toEqual({
      ...ISSUE_THREAD,
      color: '#1a7f37',
      markdown: `**Codertocat** assigned **Codertocat** to issue [Codertocat/Hello-World#1](${ISSUE_URL}): Spelling error in the README file`,
      summary: 'issues.assigned Codertocat/Hello-World#1',
    });
    expect(await post('issues', fixture('issues-labeled'))).toEqual({
      ...ISSUE_THREAD,
      color: '#1a7f37',
      markdown: `**Codertocat** added the label **bug** to issue [Codertocat/Hello-World#1](${ISSUE_URL}): Spelling error in the README file`,
      summary: 'issues.labeled Codertocat/Hello-World#1',
    });
  });

  it("ignores GitHub's edited example, whose changes name neither title nor body", async () => {
    expect(await run('issues', fixture('issues-edited'))).toEqual({
      ignored: 'issues.edited changed neither the title nor the body',
    });
  });

  it('retitles the conversation when the title was edited', async () => {
    const payload = { ...fixture('issues-edited'), changes: { title: { from: 'Speling eror' } } };
    expect(await post('issues', payload)).toEqual({
      ...ISSUE_THREAD,
      update_existing_conversation_subject: true,
      color: '#1a7f37',
      markdown: `**Codertocat** renamed issue [Codertocat/Hello-World#1](${ISSUE_URL}) to: Spelling error in the README file (was: Speling eror)`,
      summary: 'issues.edited Codertocat/Hello-World#1',
    });
  });

  it('quotes the new description when only the body was edited, keeping the subject', async () => {
    const payload = { ...fixture('issues-edited'), changes: { body: { from: 'old' } } };
    const output = await post('issues', payload);
    expect(output.update_existing_conversation_subject).toBeUndefined();
    expect(output.markdown).toBe(
      `**Codertocat** edited the description of issue [Codertocat/Hello-World#1](${ISSUE_URL}): Spelling error in the README file\n` +
        "\n> It looks like you accidently spelled 'commit' with two 't's.",
    );
  });

  it('ignores the actions it does not post, naming them', async () => {
    for (const action of ['unlabeled', 'milestoned', 'transferred', 'deleted']) {
      expect(await run('issues', { ...fixture('issues-labeled'), action })).toEqual({
        ignored: `issues.${action} is not posted`,
      });
    }
  });
});

describe('githubProvider.process: issue_comment', () => {
  it("posts a comment with a link to it and its body quoted, in the issue's colour", async () => {
    expect(await post('issue_comment', fixture('issue-comment-created'))).toEqual({
      ...ISSUE_THREAD,
      color: '#1a7f37',
      markdown:
        '**Codertocat** commented on issue [Codertocat/Hello-World#1](https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400): Spelling error in the README file\n' +
        "\n> You are totally right! I'll get this fixed right away.",
      summary: 'issue_comment.created Codertocat/Hello-World#1',
    });
  });

  it("lands a comment on a pull request in the pull request's conversation, in its colour", async () => {
    const open = await post('issue_comment', commentOnPullRequest('open', null));
    expect(open.references).toEqual(['github:Codertocat/Hello-World#1']);
    expect(open.color).toBe('#1a7f37');
    expect(open.markdown).toMatch(/^\*\*Codertocat\*\* commented on pull request \[/);
    expect((await post('issue_comment', commentOnPullRequest('closed', null))).color).toBe(
      '#cf222e',
    );
    expect(
      (await post('issue_comment', commentOnPullRequest('closed', '2019-05-15T15:20:40Z'))).color,
    ).toBe('#8250df');
  });

  it('ignores edited and deleted comments', async () => {
    expect(await run('issue_comment', fixture('issue-comment-edited'))).toEqual({
      ignored: 'issue_comment.edited is not posted',
    });
    expect(
      await run('issue_comment', { ...fixture('issue-comment-edited'), action: 'deleted' }),
    ).toEqual({ ignored: 'issue_comment.deleted is not posted' });
  });

  it('keeps HTML, headings and fences of a comment inside the quote, escaped', async () => {
    const output = await post(
      'issue_comment',
      withComment('Hello\r\n</script><script>alert(1)</script>\n\n# Heading\n```\nfence'),
    );
    expect(quoteLines(output.markdown)).toEqual([
      '> Hello',
      '> &lt;/script>&lt;script>alert(1)&lt;/script>',
      '>',
      '> # Heading',
      '> ```',
      '> fence',
    ]);
    expect(output.markdown).not.toContain('</script>');
  });

  it(`quotes at most ${EXCERPT_MAX_LINES} lines of a long comment`, async () => {
    const body = Array.from({ length: 500 }, (_, index) => `line ${index}`).join('\n');
    const lines = quoteLines((await post('issue_comment', withComment(body))).markdown);
    expect(lines).toHaveLength(EXCERPT_MAX_LINES);
    expect(lines[0]).toBe('> line 0');
    expect(lines.at(-1)).toBe(`> line ${EXCERPT_MAX_LINES - 1}…`);
  });

  it(`quotes at most ${EXCERPT_MAX_CHARS} characters of a very long comment`, async () => {
    const lines = quoteLines(
      (await post('issue_comment', withComment('x'.repeat(60_000)))).markdown,
    );
    expect(lines).toEqual([`> ${'x'.repeat(EXCERPT_MAX_CHARS - 1)}…`]);
  });

  it('keeps a hostile comment within the limits and inside the quote', async () => {
    const body = `${'\n'.repeat(3)}${'> \n'.repeat(2000)}</script>${'<img src=x onerror=alert(1)>'.repeat(5000)}\n\n\n`;
    const output = await post('issue_comment', withComment(body));
    const lines = quoteLines(output.markdown);
    expect(lines.length).toBeLessThanOrEqual(EXCERPT_MAX_LINES);
    for (const line of lines) expect(line).toMatch(/^>( |$)/);
    expect(output.markdown).not.toMatch(/<(?:\/?script|img)/);
    expect(output.markdown?.length).toBeLessThan(5 * EXCERPT_MAX_CHARS);
  });

  it('escapes markdown in a title, keeping the subject as written', async () => {
    const payload = fixture('issue-comment-created');
    const title = '[click](javascript:alert(1)) *now* <b>\nreally';
    const output = await post('issue_comment', {
      ...payload,
      issue: { ...objectAt(payload, 'issue'), title },
    });
    expect(output.subject).toBe(
      `Codertocat/Hello-World#1: [click](javascript:alert(1)) *now* <b> really`,
    );
    expect(output.markdown?.split('\n')[0]).toMatch(
      /\): \\\[click\\\]\(javascript:alert\(1\)\) \\\*now\\\* &lt;b> really$/,
    );
  });
});

describe('githubProvider.process: pull_request', () => {
  it('posts an opened pull request with its description, in green', async () => {
    expect(await post('pull_request', fixture('pull-request-opened'))).toEqual({
      ...PULL_THREAD,
      color: '#1a7f37',
      markdown:
        `**Codertocat** opened pull request [Codertocat/Hello-World#2](${PULL_URL}): Update the README with new information.\n` +
        '\n> This is a pretty simple change that we need to pull into master.',
      summary: 'pull_request.opened Codertocat/Hello-World#2',
    });
  });

  it('posts an opened draft in grey', async () => {
    const payload = fixture('pull-request-opened');
    const output = await post('pull_request', {
      ...payload,
      pull_request: { ...objectAt(payload, 'pull_request'), draft: true, body: null },
    });
    expect(output.color).toBe('#6e7781');
    expect(output.markdown).toBe(
      `**Codertocat** opened draft pull request [Codertocat/Hello-World#2](${PULL_URL}): Update the README with new information.`,
    );
  });

  it('posts a merged pull request in purple', async () => {
    expect(await post('pull_request', mergedPullRequest())).toEqual({
      ...PULL_THREAD,
      color: '#8250df',
      markdown: `**Codertocat** merged pull request [Codertocat/Hello-World#2](${PULL_URL}): Update the README with new information.`,
      summary: 'pull_request.closed (merged) Codertocat/Hello-World#2',
    });
  });

  it('posts a pull request closed without merging in red', async () => {
    expect(await post('pull_request', fixture('pull-request-closed'))).toEqual({
      ...PULL_THREAD,
      color: '#cf222e',
      markdown: `**Codertocat** closed pull request [Codertocat/Hello-World#2](${PULL_URL}) without merging: Update the README with new information.`,
      summary: 'pull_request.closed (not merged) Codertocat/Hello-World#2',
    });
  });

  it('posts reopened, ready for review and converted to draft in their colours', async () => {
    expect(await post('pull_request', fixture('pull-request-reopened'))).toEqual({
      ...PULL_THREAD,
      color: '#1a7f37',
      markdown: `**Codertocat** reopened pull request [Codertocat/Hello-World#2](${PULL_URL}): Update the README with new information.`,
      summary: 'pull_request.reopened Codertocat/Hello-World#2',
    });
    expect(await post('pull_request', fixture('pull-request-ready-for-review'))).toEqual({
      ...PULL_THREAD,
      color: '#1a7f37',
      markdown: `**Codertocat** marked pull request [Codertocat/Hello-World#2](${PULL_URL}) ready for review: Update the README with new information.`,
      summary: 'pull_request.ready_for_review Codertocat/Hello-World#2',
    });
    expect(await post('pull_request', fixture('pull-request-converted-to-draft'))).toEqual({
      ...PULL_THREAD,
      color: '#6e7781',
      markdown: `**Codertocat** converted pull request [Codertocat/Hello-World#2](${PULL_URL}) to a draft: Update the README with new information.`,
      summary: 'pull_request.converted_to_draft Codertocat/Hello-World#2',
    });
  });

  it('retitles the conversation when the title was edited', async () => {
    const output = await post('pull_request', {
      ...fixture('pull-request-opened'),
      action: 'edited',
      changes: { title: { from: 'Update README' } },
    });
    expect(output.update_existing_conversation_subject).toBe(true);
    expect(output.subject).toBe(PULL_THREAD.subject);
    expect(output.summary).toBe('pull_request.edited Codertocat/Hello-World#2');
  });

  it('ignores synchronize and the other actions it does not post', async () => {
    expect(await run('pull_request', fixture('pull-request-synchronize'))).toEqual({
      ignored: 'pull_request.synchronize is not posted',
    });
    expect(
      await run('pull_request', { ...fixture('pull-request-opened'), action: 'review_requested' }),
    ).toEqual({ ignored: 'pull_request.review_requested is not posted' });
  });
});

describe('githubProvider.process: release', () => {
  it("posts a published release in the repository's releases conversation", async () => {
    expect(await post('release', fixture('release-published'))).toEqual({
      references: ['github:Codertocat/Hello-World/releases'],
      subject: 'Codertocat/Hello-World releases',
      color: '#1a7f37',
      markdown:
        '**Codertocat** published release [0.0.1](https://github.com/Codertocat/Hello-World/releases/tag/0.0.1) of Codertocat/Hello-World',
      summary: 'release.published Codertocat/Hello-World 0.0.1',
    });
  });

  it('names a pre-release with its name and tag, quotes its notes, in grey', async () => {
    const payload = fixture('release-published');
    const output = await post('release', {
      ...payload,
      release: {
        ...objectAt(payload, 'release'),
        name: 'First beta',
        body: '* fixes the spelling',
        prerelease: true,
      },
    });
    expect(output.color).toBe('#6e7781');
    expect(output.markdown).toBe(
      '**Codertocat** published pre-release [First beta (0.0.1)](https://github.com/Codertocat/Hello-World/releases/tag/0.0.1) of Codertocat/Hello-World\n' +
        '\n> * fixes the spelling',
    );
  });

  it('ignores the other release actions', async () => {
    expect(await run('release', fixture('release-created'))).toEqual({
      ignored: 'release.created is not posted',
    });
  });
});

describe('githubProvider.process: other events and bad bodies', () => {
  it('answers a ping with nothing to post', async () => {
    expect(await run('ping', fixture('ping'))).toEqual({
      ignored: 'ping: GitHub is checking the webhook; nothing to post',
    });
  });

  it('ignores event types it does not post, naming them', async () => {
    expect(await run('push', fixture('ping'))).toEqual({
      ignored:
        'GitHub "push" events are not posted (issues, issue_comment, pull_request and release are)',
    });
  });

  it('cannot read a delivery without X-GitHub-Event', async () => {
    const payload = fixture('issues-opened');
    expect(
      await rejection(async () =>
        githubProvider.process(payload, request({}, fixtureBytes('issues-opened')), context),
      ),
    ).toBe('missing X-GitHub-Event header');
  });

  it('names the missing field of a body it cannot read', async () => {
    const { repository: _repository, ...payload } = fixture('issues-opened');
    expect(await rejection(() => run('issues', payload))).toMatch(
      /^GitHub "issues" payload: repository: /,
    );
  });

  it('refuses a body that is not an object, or whose link is not a web link', async () => {
    expect(await rejection(() => run('pull_request', []))).toMatch(
      /^GitHub "pull_request" payload: /,
    );
    const payload = fixture('issues-opened');
    const hostile = {
      ...payload,
      issue: { ...objectAt(payload, 'issue'), html_url: 'javascript:alert(1)' },
    };
    expect(await rejection(() => run('issues', hostile))).toMatch(/issue\.html_url: /);
  });

  it('produces posts that fit the schema for every posted fixture', async () => {
    for (const [event, name] of POSTED_FIXTURES) {
      const result = await githubProvider.process(
        JSON.parse(fixtureBytes(name).toString('utf8')),
        delivery(event, fixture(name)),
        context,
      );
      expect(integrationOutputSchema.safeParse('post' in result ? result.post : null).success).toBe(
        true,
      );
    }
  });
});

describe('githubProvider.process: what a public commenter can put in a quote', () => {
  it('turns images into text: no tracking pixel loads from a comment', async () => {
    const output = await post(
      'issue_comment',
      withComment(
        'Thanks ![pixel](https://evil.example/p.png)\n![ref]\n\n[ref]: https://evil.example/q.png',
      ),
    );
    expect(quoteLines(output.markdown)).toEqual([
      '> Thanks !\\[pixel](https://evil.example/p.png)',
      '> !\\[ref]',
      '>',
      '> [ref]: https://evil.example/q.png',
    ]);
    expect(output.markdown).not.toContain('![');
  });

  it('keeps web links and turns any other link into text', async () => {
    const output = await post(
      'issue_comment',
      withComment(
        'See [the docs](https://docs.github.com/en) or [click](javascript:alert(1)) ' +
          '[data](data:text/html,<b>x</b>) [spaced]( javascript:alert(2))\n' +
          '[x]: javascript:alert(3)',
      ),
    );
    expect(quoteLines(output.markdown)).toEqual([
      '> See [the docs](https://docs.github.com/en) or [click\\](javascript:alert(1)) ' +
        '[data\\](data:text/html,&lt;b>x&lt;/b>) [spaced\\]( javascript:alert(2))',
      '> [x\\]: javascript:alert(3)',
    ]);
  });

  it('quotes release notes the same way', async () => {
    const payload = fixture('release-published');
    const output = await post('release', {
      ...payload,
      release: {
        ...objectAt(payload, 'release'),
        body: '![badge](https://evil.example/b.svg) [x](vbscript:msgbox)',
      },
    });
    expect(quoteLines(output.markdown)).toEqual([
      '> !\\[badge](https://evil.example/b.svg) [x\\](vbscript:msgbox)',
    ]);
  });
});

describe('githubProvider.process: hostile but signed bodies', () => {
  it('refuses a link far longer than any GitHub URL', async () => {
    const payload = fixture('issues-opened');
    const long = `${ISSUE_URL}?${'x'.repeat(200_000)}`;
    expect(
      await rejection(() =>
        run('issues', { ...payload, issue: { ...objectAt(payload, 'issue'), html_url: long } }),
      ),
    ).toBe('GitHub "issues" payload: issue.html_url: is longer than 2000 characters');
    const comment = fixture('issue-comment-created');
    expect(
      await rejection(() =>
        run('issue_comment', {
          ...comment,
          comment: { ...objectAt(comment, 'comment'), html_url: long },
        }),
      ),
    ).toBe('GitHub "issue_comment" payload: comment.html_url: is longer than 2000 characters');
  });

  it('refuses a repository name longer than GitHub allows', async () => {
    const payload = fixture('issues-opened');
    const repository = { ...objectAt(payload, 'repository'), full_name: `o/${'r'.repeat(2000)}` };
    expect(await rejection(() => run('issues', { ...payload, repository }))).toMatch(
      /^GitHub "issues" payload: repository\.full_name: /,
    );
  });

  it('keeps 200,000-character titles, logins, labels and tags within Missive’s limits', async () => {
    const long = 'a b\n'.repeat(50_000);
    const issues = fixture('issues-labeled');
    const labeled = await post('issues', {
      ...issues,
      issue: { ...objectAt(issues, 'issue'), title: long },
      sender: { ...objectAt(issues, 'sender'), login: long },
      label: { ...objectAt(issues, 'label'), name: long },
    });
    expect(labeled.subject).toHaveLength(998);
    expect(labeled.markdown?.length).toBeLessThan(2000);
    expect(labeled.markdown).not.toContain('\n');

    const release = fixture('release-published');
    const published = await post('release', {
      ...release,
      release: { ...objectAt(release, 'release'), tag_name: long, name: long },
    });
    expect(published.summary).toHaveLength(500);
    expect(published.summary).not.toContain('\n');
    expect(published.markdown?.length).toBeLessThan(2000);
  });
});

const hostile = hostileString(
  [
    'owner/name',
    'https://github.com/o/r/issues/1) ![p](https://evil.example/p.png',
    'closed',
    'not_planned',
  ],
  'https://github.com/o/r/issues/1?q=',
);

describe('githubProvider: any one string of a real delivery replaced (property)', () => {
  // issues.edited is ignored as recorded (its `changes` is empty), but a
  // replaced string may make it a title edit, so it is varied too.
  const events: readonly (readonly [string, string])[] = [
    ...POSTED_FIXTURES,
    ['issues', 'issues-edited'],
  ];
  const bodies = new Map(events.map(([, name]) => [name, fixture(name)]));
  const cases = events.flatMap(([event, name]) =>
    stringPaths(bodies.get(name)).map((path) => ({ event, name, path })),
  );
  const anyCase = weightedCases(
    cases,
    new Set(['html_url', 'title', 'body', 'login', 'full_name', 'name', 'tag_name']),
  );

  it('ignores, refuses as unprocessable, or posts within the output schema', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, hostile, async ({ event, name, path }, value) => {
        const payload = replaceAt(bodies.get(name), path, value);
        let result: ProcessResult;
        try {
          result = await run(event, payload);
        } catch (error) {
          expect(error).toBeInstanceOf(UnprocessableEvent);
          expect((error as Error).message.length).toBeLessThan(1000);
          return;
        }
        if ('ignored' in result) {
          expect(result.ignored.length).toBeLessThan(1000);
          return;
        }
        integrationOutputSchema.parse(result.post);
        expect(result.post.markdown).not.toMatch(/<[a-z/!?]/i);
        // Inside a destination (percent-encoded to its closing parenthesis) `![` is only a URL's text.
        expect(result.post.markdown?.replace(/\]\([^\s()]*\)/g, '](…)')).not.toContain('![');
      }),
      { numRuns: 400 },
    );
  });
});
