import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { integrationSettingsSchema } from '@crm/shared/integrations';
import { githubProvider } from '../../../server/src/integrations/providers/github';
import { firehoseDeliveries, sendingBody, type FirehoseDelivery } from './deliveries';

/** What the gateway's GitHub module makes of a delivery (signature aside: the bench signs each body). */
async function processed(delivery: FirehoseDelivery) {
  const result = await githubProvider.process(
    JSON.parse(delivery.body),
    {
      header: (name) => (name.toLowerCase() === 'x-github-event' ? delivery.event : undefined),
      rawBody: Buffer.from(delivery.body),
      receivedAt: Date.now(),
    },
    {
      settings: integrationSettingsSchema.parse({ enabled: true }),
      conversationByEmail: () => Promise.resolve(undefined),
    },
  );
  if (!('post' in result)) throw new Error(`ignored: ${result.ignored}`);
  return result.post;
}

describe('firehoseDeliveries', () => {
  it('opens every thread before its next step, each step a post of its own thread', async () => {
    const deliveries = firehoseDeliveries(10);
    expect(deliveries).toHaveLength(30);
    const posts = await Promise.all(deliveries.map(processed));
    const threads = Array.from({ length: 10 }, (_, index) => [
      `github:Codertocat/Hello-World#${index + 1}`,
    ]);
    // Opened, then labeled or ready for review, then commented on or closed: thread by thread.
    expect(posts.map((post) => post.references)).toEqual([...threads, ...threads, ...threads]);
    expect(posts[0]?.markdown).toContain('](https://github.com/Codertocat/Hello-World/issues/1)');
    expect(posts[4]?.markdown).toContain('](https://github.com/Codertocat/Hello-World/pull/5)');
    expect(posts[20]?.markdown).toContain('/issues/1#issuecomment-');
  });

  it('makes each sending a body of its own, the thread updated a second later each time', async () => {
    const deliveries = firehoseDeliveries(10);
    const bodies = [0, 1, 2].flatMap((cycle) =>
      deliveries.map((delivery) => sendingBody(delivery, cycle)),
    );
    expect(new Set(bodies).size).toBe(90);
    const [opened, , , , pull] = deliveries;
    if (!opened || !pull) throw new Error('no deliveries');
    expect(sendingBody(opened, 0)).toBe(opened.body);
    const json = (body: string) => z.record(z.string(), z.unknown()).parse(JSON.parse(body));
    const first = json(opened.body);
    expect(json(sendingBody(opened, 2))).toEqual({
      ...first,
      issue: { ...z.object({}).loose().parse(first.issue), updated_at: '2019-05-15T15:20:20Z' },
    });
    expect(json(sendingBody(pull, 1)).pull_request).toMatchObject({
      updated_at: '2019-05-15T15:20:34Z',
    });
    // The same post, whichever the sending.
    const again = { ...opened, body: sendingBody(opened, 7) };
    expect(await processed(again)).toEqual(await processed(opened));
  });

  it('makes every fifth thread a pull request, the rest issues', () => {
    const events = firehoseDeliveries(5).map((delivery) => delivery.event);
    expect(events).toEqual([
      ...['issues', 'issues', 'issues', 'issues', 'pull_request'],
      ...['issues', 'issues', 'issues', 'issues', 'pull_request'],
      ...['issue_comment', 'issue_comment', 'issue_comment', 'issue_comment', 'pull_request'],
    ]);
  });
});
