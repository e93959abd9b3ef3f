/**
 * What the GitHub firehose sends: real fixture bodies (issues opened,
 * labeled, commented on; pull requests opened, ready, closed), their
 * numbers rewritten so that the posts spread over many conversations, and
 * each later sending a body of its own.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const FIXTURES = new URL('../../../server/src/integrations/fixtures/github/', import.meta.url);

/** A delivery as GitHub makes one, before its id and signature: the event header and the body. */
export interface FirehoseDelivery {
  event: 'issues' | 'issue_comment' | 'pull_request';
  body: string;
  /** The body either side of its thread's updated_at (a JSON string), for a later sending (sendingBody). */
  around: readonly [string, string];
  /** That updated_at, ms since the epoch. */
  updatedAt: number;
}

const objectSchema = z.record(z.string(), z.unknown());

function fixture(name: string): Record<string, unknown> {
  return objectSchema.parse(JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')));
}

/** `payload[name]`, an object, with `changes` over it (zod's parse copies: the copy is put back). */
function rewrite(
  payload: Record<string, unknown>,
  name: string,
  changes: (value: Record<string, unknown>) => Record<string, unknown>,
): void {
  const value = objectSchema.parse(payload[name]);
  payload[name] = { ...value, ...changes(value) };
}

/**
 * What happens to one thread, in order: each issue is opened, labeled, then
 * commented on; each pull request is opened, marked ready for review, then
 * closed. Every post of a thread goes to its conversation, the first
 * opening it.
 */
const ISSUE_STEPS = [
  ['issues', 'issues-opened'],
  ['issues', 'issues-labeled'],
  ['issue_comment', 'issue-comment-created'],
] as const;
const PULL_STEPS = [
  ['pull_request', 'pull-request-opened'],
  ['pull_request', 'pull-request-ready-for-review'],
  ['pull_request', 'pull-request-closed'],
] as const;
/** Every fifth thread is a pull request: they share one numbering with issues, as on GitHub. */
const PULL_EVERY = 5;

/** The fixture moved to thread `number`: the number and the links a post shows. */
function renumbered(name: string, number: number): Record<string, unknown> {
  const payload = fixture(name);
  const repository = z.object({ html_url: z.string() }).parse(payload.repository).html_url;
  if ('pull_request' in payload) {
    payload.number = number;
    rewrite(payload, 'pull_request', () => ({
      number,
      html_url: `${repository}/pull/${number}`,
    }));
    return payload;
  }
  const issueUrl = `${repository}/issues/${number}`;
  rewrite(payload, 'issue', () => ({ number, html_url: issueUrl }));
  if ('comment' in payload) {
    rewrite(payload, 'comment', (comment) => ({
      html_url: `${issueUrl}#issuecomment-${String(comment.id)}`,
    }));
  }
  return payload;
}

/** Stands for the thread's updated_at while a body is split around it: no fixture has it. */
const STAMP = '\u0000updated_at\u0000';

/** `payload` as JSON, and split around its thread's updated_at (the issue's, or the pull request's). */
function stampable(event: FirehoseDelivery['event'], payload: Record<string, unknown>) {
  const thread = event === 'pull_request' ? 'pull_request' : 'issue';
  const updatedAt = z.object({ updated_at: z.iso.datetime() }).parse(payload[thread]).updated_at;
  rewrite(payload, thread, () => ({ updated_at: STAMP }));
  const [before = '', after = '', ...more] = JSON.stringify(payload).split(JSON.stringify(STAMP));
  if (more.length) throw new Error(`the ${event} fixture's body has the stamp's placeholder in it`);
  return {
    body: `${before}${JSON.stringify(updatedAt)}${after}`,
    around: [before, after] as const,
    updatedAt: Date.parse(updatedAt),
  };
}

/**
 * The firehose's bodies, step by step over every thread: all threads are
 * opened before the first is labeled, so the queue (oldest first) posts to
 * a new conversation each time until every thread has one. The sender
 * cycles through them, each time a new sending (sendingBody), with a new
 * delivery id.
 */
export function firehoseDeliveries(threads: number): FirehoseDelivery[] {
  const deliveries: FirehoseDelivery[] = [];
  for (let step = 0; step < ISSUE_STEPS.length; step++) {
    for (let number = 1; number <= threads; number++) {
      const steps = number % PULL_EVERY === 0 ? PULL_STEPS : ISSUE_STEPS;
      const [event, name] = steps[step] ?? ISSUE_STEPS[0];
      deliveries.push({ event, ...stampable(event, renumbered(name, number)) });
    }
  }
  return deliveries;
}

/**
 * The body of the `cycle`-th time the sender sends a delivery (the first is
 * cycle 0, the fixture's own): its thread updated `cycle` seconds later, as
 * the same event happening again would be. The gateway takes a body it has
 * already stored, under any delivery id, for a replay (a duplicate, not
 * posted), and GitHub never sends two events with one body: each sending
 * is a body of its own. Spliced, not re-serialised: the sender makes
 * hundreds a second.
 */
export function sendingBody(delivery: FirehoseDelivery, cycle: number): string {
  if (cycle === 0) return delivery.body;
  const updatedAt = new Date(delivery.updatedAt + cycle * 1000).toISOString();
  // GitHub's timestamps are to the second: 2019-05-15T15:20:18Z.
  return `${delivery.around[0]}"${updatedAt.replace(/\.\d{3}Z$/, 'Z')}"${delivery.around[1]}`;
}
