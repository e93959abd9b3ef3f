import { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';
import {
  UnprocessableEvent,
  type IntegrationOutput,
  type IntegrationRequest,
  type ProcessResult,
  type ProviderModule,
  type Verdict,
} from '../provider';
import { inline, link, oneLine, quote, truncate } from '../markdown';
import { hmacSha256Matches, prefixedDigest } from '../signatures';

/**
 * GitHub repository webhooks (issues, comments, pull requests, releases) as
 * Missive posts: one conversation per issue or pull request, and one for a
 * repository's releases, coloured by the state the thing is in now.
 */

/** GitHub's Primer palette, so a conversation reads like the issue's badge on GitHub. */
export const githubColors = {
  open: '#1a7f37',
  draft: '#6e7781',
  notPlanned: '#6e7781',
  completed: '#8250df',
  merged: '#8250df',
  closedUnmerged: '#cf222e',
  release: '#1a7f37',
  prerelease: '#6e7781',
} as const;

/** How much of a body a post quotes: enough to triage from the inbox, not the whole thread. */
export const EXCERPT_MAX_CHARS = 1000;
export const EXCERPT_MAX_LINES = 20;
const SUBJECT_MAX_CHARS = 998;
const SUMMARY_MAX_CHARS = 500;
// A delivery GUID is 36 characters; anything far longer is not one and
// should not become a dedupe key.
const DELIVERY_ID_MAX_CHARS = 200;

// Only the fields this module reads; GitHub adds fields often and a new one
// must not make a delivery unreadable.
const repositorySchema = z.looseObject({
  full_name: z
    .string()
    .regex(/^[^/\s]+\/[^/\s]+$/, 'must be "owner/name"')
    .max(300),
});
const senderSchema = z.looseObject({ login: z.string().min(1) });
// A GitHub URL is a repository's (owner ≤ 39, name ≤ 100 characters) plus a
// number and an anchor; anything far longer is not one.
const HTML_URL_MAX_CHARS = 2000;
// Links are built into markdown, so only web links are accepted.
const htmlUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(HTML_URL_MAX_CHARS, `is longer than ${HTML_URL_MAX_CHARS} characters`);

const issueSchema = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  html_url: htmlUrlSchema,
  state: z.enum(['open', 'closed']),
  // Absent in older payloads, null on open issues.
  state_reason: z.string().nullish(),
  body: z.string().nullish(),
  draft: z.boolean().optional(),
  // Present when the "issue" is a pull request (issue_comment on a PR).
  pull_request: z.looseObject({ merged_at: z.string().nullish() }).optional(),
});

const pullRequestSchema = z.looseObject({
  number: z.number().int().positive(),
  title: z.string(),
  html_url: htmlUrlSchema,
  state: z.enum(['open', 'closed']),
  draft: z.boolean().optional(),
  merged: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  body: z.string().nullish(),
});

const changesSchema = z
  .looseObject({
    title: z.looseObject({ from: z.string() }).optional(),
    body: z.looseObject({ from: z.string() }).optional(),
  })
  .optional();

const issuesEventSchema = z.looseObject({
  action: z.string(),
  issue: issueSchema,
  repository: repositorySchema,
  sender: senderSchema,
  changes: changesSchema,
  assignee: z.looseObject({ login: z.string() }).nullish(),
  label: z.looseObject({ name: z.string() }).optional(),
});

const issueCommentEventSchema = z.looseObject({
  action: z.string(),
  issue: issueSchema,
  comment: z.looseObject({ html_url: htmlUrlSchema, body: z.string().nullish() }),
  repository: repositorySchema,
  sender: senderSchema,
});

const pullRequestEventSchema = z.looseObject({
  action: z.string(),
  pull_request: pullRequestSchema,
  repository: repositorySchema,
  sender: senderSchema,
  changes: changesSchema,
});

const releaseEventSchema = z.looseObject({
  action: z.string(),
  release: z.looseObject({
    tag_name: z.string(),
    name: z.string().nullish(),
    html_url: htmlUrlSchema,
    body: z.string().nullish(),
    prerelease: z.boolean(),
  }),
  repository: repositorySchema,
  sender: senderSchema,
});

const actionSchema = z.looseObject({ action: z.string() });

type Issue = z.infer<typeof issueSchema>;
type PullRequest = z.infer<typeof pullRequestSchema>;
type Changes = z.infer<typeof changesSchema>;

const POSTED_ACTIONS = {
  issues: ['opened', 'edited', 'closed', 'reopened', 'assigned', 'labeled'],
  issue_comment: ['created'],
  pull_request: [
    'opened',
    'edited',
    'closed',
    'reopened',
    'ready_for_review',
    'converted_to_draft',
  ],
  release: ['published'],
} as const;
type PostedEvent = keyof typeof POSTED_ACTIONS;

function isPostedEvent(event: string): event is PostedEvent {
  return Object.hasOwn(POSTED_ACTIONS, event);
}

function parse<T>(schema: z.ZodType<T>, payload: unknown, event: string): T {
  const result = schema.safeParse(payload);
  if (!result.success) {
    throw new UnprocessableEvent(`GitHub "${event}" payload: ${describeZodError(result.error)}`);
  }
  return result.data;
}

function withQuote(line: string, body: string | null | undefined): string {
  const quoted = quote(body, { maxChars: EXCERPT_MAX_CHARS, maxLines: EXCERPT_MAX_LINES });
  return quoted ? `${line}\n\n${quoted}` : line;
}

function issueColor(issue: Issue): string {
  if (issue.pull_request) {
    // A comment's "issue" is a PR here: it knows merged_at and draft, not `merged`.
    return pullRequestColor({
      state: issue.state,
      draft: issue.draft,
      merged_at: issue.pull_request.merged_at,
    });
  }
  if (issue.state === 'open') return githubColors.open;
  return issue.state_reason === 'not_planned' ? githubColors.notPlanned : githubColors.completed;
}

function isMerged(pull: Pick<PullRequest, 'merged' | 'merged_at'>): boolean {
  return pull.merged === true || Boolean(pull.merged_at);
}

function pullRequestColor(pull: Pick<PullRequest, 'state' | 'draft' | 'merged' | 'merged_at'>) {
  if (pull.state === 'open') return pull.draft ? githubColors.draft : githubColors.open;
  return isMerged(pull) ? githubColors.merged : githubColors.closedUnmerged;
}

/** What every post about one issue or pull request shares: its conversation and subject. */
function thread(repository: string, number: number, title: string) {
  return {
    references: [`github:${repository}#${number}`],
    subject: truncate(`${repository}#${number}: ${oneLine(title)}`, SUBJECT_MAX_CHARS),
  };
}

function summary(event: string, action: string, detail: string | undefined, target: string) {
  return truncate(
    oneLine(`${event}.${action}${detail ? ` (${detail})` : ''} ${target}`),
    SUMMARY_MAX_CHARS,
  );
}

/**
 * What an edit posts: a rename retitles the conversation; a new description
 * is quoted. An edit that names neither (GitHub's own example has an empty
 * `changes`) tells a reader nothing worth a post.
 */
function describeEdit(
  changes: Changes,
  who: string,
  noun: string,
  target: string,
  title: string,
  body: string | null | undefined,
): { markdown: string; retitled: boolean } | undefined {
  if (changes?.title) {
    const line = `${who} renamed ${noun} ${target} to: ${inline(title)} (was: ${inline(changes.title.from)})`;
    return { markdown: changes.body ? withQuote(line, body) : line, retitled: true };
  }
  if (changes?.body) {
    return {
      markdown: withQuote(
        `${who} edited the description of ${noun} ${target}: ${inline(title)}`,
        body,
      ),
      retitled: false,
    };
  }
  return undefined;
}

function processIssues(payload: unknown, action: string): ProcessResult {
  const event = parse(issuesEventSchema, payload, 'issues');
  const { issue } = event;
  const repository = event.repository.full_name;
  const ref = `${repository}#${issue.number}`;
  const who = `**${inline(event.sender.login, 100)}**`;
  const target = link(inline(ref), issue.html_url);
  const title = inline(issue.title);
  const base = { ...thread(repository, issue.number, issue.title), color: issueColor(issue) };

  let markdown: string;
  let detail: string | undefined;
  let retitled = false;
  switch (action) {
    case 'opened':
      markdown = withQuote(`${who} opened issue ${target}: ${title}`, issue.body);
      break;
    case 'edited': {
      const edit = describeEdit(event.changes, who, 'issue', target, issue.title, issue.body);
      if (!edit) return { ignored: 'issues.edited changed neither the title nor the body' };
      ({ markdown, retitled } = edit);
      break;
    }
    case 'closed':
      detail =
        issue.state_reason === 'not_planned'
          ? 'not planned'
          : issue.state_reason === 'completed'
            ? 'completed'
            : undefined;
      markdown = `${who} closed issue ${target}${detail ? ` as ${detail}` : ''}: ${title}`;
      break;
    case 'reopened':
      markdown = `${who} reopened issue ${target}: ${title}`;
      break;
    case 'assigned':
      markdown = event.assignee
        ? `${who} assigned **${inline(event.assignee.login, 100)}** to issue ${target}: ${title}`
        : `${who} assigned issue ${target}: ${title}`;
      break;
    default:
      // labeled: the only action left in POSTED_ACTIONS.issues.
      markdown = event.label
        ? `${who} added the label **${inline(event.label.name, 100)}** to issue ${target}: ${title}`
        : `${who} labeled issue ${target}: ${title}`;
  }
  return {
    post: {
      ...base,
      ...(retitled ? { update_existing_conversation_subject: true } : {}),
      markdown,
      summary: summary('issues', action, detail, ref),
    },
  };
}

function processIssueComment(payload: unknown, action: string): ProcessResult {
  const event = parse(issueCommentEventSchema, payload, 'issue_comment');
  const { issue, comment } = event;
  const repository = event.repository.full_name;
  const ref = `${repository}#${issue.number}`;
  const noun = issue.pull_request ? 'pull request' : 'issue';
  const line = `**${inline(event.sender.login, 100)}** commented on ${noun} ${link(inline(ref), comment.html_url)}: ${inline(issue.title)}`;
  return {
    post: {
      ...thread(repository, issue.number, issue.title),
      color: issueColor(issue),
      markdown: withQuote(line, comment.body),
      summary: summary('issue_comment', action, undefined, ref),
    },
  };
}

function processPullRequest(payload: unknown, action: string): ProcessResult {
  const event = parse(pullRequestEventSchema, payload, 'pull_request');
  const pull = event.pull_request;
  const repository = event.repository.full_name;
  const ref = `${repository}#${pull.number}`;
  const who = `**${inline(event.sender.login, 100)}**`;
  const target = link(inline(ref), pull.html_url);
  const title = inline(pull.title);
  const base = { ...thread(repository, pull.number, pull.title), color: pullRequestColor(pull) };

  let markdown: string;
  let detail: string | undefined;
  let retitled = false;
  switch (action) {
    case 'opened':
      markdown = withQuote(
        `${who} opened ${pull.draft ? 'draft pull request' : 'pull request'} ${target}: ${title}`,
        pull.body,
      );
      break;
    case 'edited': {
      const edit = describeEdit(event.changes, who, 'pull request', target, pull.title, pull.body);
      if (!edit) return { ignored: 'pull_request.edited changed neither the title nor the body' };
      ({ markdown, retitled } = edit);
      break;
    }
    case 'closed':
      detail = isMerged(pull) ? 'merged' : 'not merged';
      markdown = isMerged(pull)
        ? `${who} merged pull request ${target}: ${title}`
        : `${who} closed pull request ${target} without merging: ${title}`;
      break;
    case 'reopened':
      markdown = `${who} reopened pull request ${target}: ${title}`;
      break;
    case 'ready_for_review':
      markdown = `${who} marked pull request ${target} ready for review: ${title}`;
      break;
    default:
      // converted_to_draft: the only action left in POSTED_ACTIONS.pull_request.
      markdown = `${who} converted pull request ${target} to a draft: ${title}`;
  }
  return {
    post: {
      ...base,
      ...(retitled ? { update_existing_conversation_subject: true } : {}),
      markdown,
      summary: summary('pull_request', action, detail, ref),
    },
  };
}

function processRelease(payload: unknown, action: string): ProcessResult {
  const event = parse(releaseEventSchema, payload, 'release');
  const { release } = event;
  const repository = event.repository.full_name;
  const name = release.name?.trim();
  const label =
    name && name !== release.tag_name
      ? `${inline(name, 200)} (${inline(release.tag_name, 200)})`
      : inline(release.tag_name, 200);
  const kind = release.prerelease ? 'pre-release' : 'release';
  const line = `**${inline(event.sender.login, 100)}** published ${kind} ${link(label, release.html_url)} of ${inline(repository)}`;
  const post: IntegrationOutput = {
    references: [`github:${repository}/releases`],
    subject: `${repository} releases`,
    color: release.prerelease ? githubColors.prerelease : githubColors.release,
    markdown: withQuote(line, release.body),
    summary: summary('release', action, undefined, `${repository} ${release.tag_name}`),
  };
  return { post };
}

const processors: Record<PostedEvent, (payload: unknown, action: string) => ProcessResult> = {
  issues: processIssues,
  issue_comment: processIssueComment,
  pull_request: processPullRequest,
  release: processRelease,
};

function requiredHeader(request: IntegrationRequest, name: string): string {
  const value = request.header(name)?.trim();
  if (!value) throw new UnprocessableEvent(`missing ${name} header`);
  return value;
}

export const githubProvider: ProviderModule = {
  kind: 'github',
  displayName: 'GitHub',

  verify(request, secret): Verdict {
    const header = request.header('X-Hub-Signature-256');
    if (!header?.trim()) return { ok: false, reason: 'missing X-Hub-Signature-256 header' };
    return hmacSha256Matches(secret, request.rawBody, prefixedDigest(header))
      ? { ok: true }
      : { ok: false, reason: 'X-Hub-Signature-256 does not match the body: check the secret' };
  },

  // GitHub keeps the delivery GUID when a delivery is redelivered from its
  // UI, so a redelivery is recognised as the same event.
  eventId(_payload, request) {
    const id = requiredHeader(request, 'X-GitHub-Delivery');
    if (id.length > DELIVERY_ID_MAX_CHARS) {
      throw new UnprocessableEvent(
        `X-GitHub-Delivery header is longer than ${DELIVERY_ID_MAX_CHARS} characters`,
      );
    }
    return id;
  },

  process(payload, request) {
    const event = requiredHeader(request, 'X-GitHub-Event');
    if (event === 'ping')
      return { ignored: 'ping: GitHub is checking the webhook; nothing to post' };
    if (!isPostedEvent(event)) {
      return {
        ignored: `GitHub "${truncate(event, 100)}" events are not posted (issues, issue_comment, pull_request and release are)`,
      };
    }
    // The action decides whether the rest is read at all: an action that is
    // not posted is answered as ignored whatever else its payload holds.
    const { action } = parse(actionSchema, payload, event);
    if (!(POSTED_ACTIONS[event] as readonly string[]).includes(action)) {
      return { ignored: `${event}.${truncate(action, 100)} is not posted` };
    }
    return processors[event](payload, action);
  },
};
