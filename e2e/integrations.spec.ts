import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { deliveryListResponse, integrationReceiptSchema } from '@crm/shared/integrations';
import { expect, test } from './fixtures';

/**
 * GitHub, set up by an admin in the dashboard, posts into Missive: a signed
 * "issue opened" delivery becomes a post in a conversation of its own, which
 * the playground's thread shows with the issue's colour; "issue closed"
 * lands in the same conversation and recolours it.
 */

const fixture = readFileSync(
  new URL('../server/src/integrations/fixtures/github/issues-opened.json', import.meta.url),
  'utf8',
);

const BACKGROUND_LANE_DEADLINE_MS = 30_000;

interface IssueEvent {
  action: string;
  issue: {
    number: number;
    title: string;
    html_url: string;
    state: string;
    state_reason?: string | null;
  };
  repository: { full_name: string };
}

/** GitHub's recorded "issue opened", as another issue of this run, in the state asked for. */
function issueEvent(number: number, title: string, action: 'opened' | 'closed'): string {
  const event = JSON.parse(fixture) as IssueEvent;
  event.action = action;
  event.issue.number = number;
  event.issue.title = title;
  event.issue.html_url = `https://github.com/${event.repository.full_name}/issues/${number}`;
  event.issue.state = action === 'opened' ? 'open' : 'closed';
  event.issue.state_reason = action === 'opened' ? null : 'completed';
  return JSON.stringify(event);
}

/** Delivers as GitHub does (signed, with a delivery id) and waits until the post is made. */
async function deliver(
  request: APIRequestContext,
  accessKey: string,
  secret: string,
  body: string,
) {
  const answer = await request.post('/integrations/github', {
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'issues',
      'X-GitHub-Delivery': randomBytes(16).toString('hex'),
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
    data: Buffer.from(body),
  });
  expect(answer.status()).toBe(202);
  const { delivery } = integrationReceiptSchema.parse(await answer.json());
  // The gateway answers before posting: its deliveries list says when the post
  // is made. The post waits its turn in the background lane, behind the
  // mirror's sync, for at most that lane's deadline (3 × GATEWAY_QUEUE_TIMEOUT_MS).
  await expect
    .poll(
      async () => {
        const list = await request.get('/api/integrations/deliveries?limit=50', {
          headers: { Authorization: `Bearer ${accessKey}` },
        });
        const { deliveries } = deliveryListResponse.parse(await list.json());
        return deliveries.find((candidate) => candidate.id === delivery)?.status;
      },
      { timeout: BACKGROUND_LANE_DEADLINE_MS },
    )
    .toBe('sent');
}

test('an admin enables GitHub; an opened then closed issue posts into one conversation, recoloured', async ({
  page,
  request,
  accessKey,
  openApp,
  playground,
}) => {
  const secret = randomBytes(24).toString('hex');
  await openApp('/integrations');
  const github = page.getByRole('region', { name: 'GitHub' });
  await github.getByRole('checkbox', { name: 'Enabled' }).check();
  await github.getByLabel('Secret', { exact: true }).fill(secret);
  await github.getByRole('button', { name: 'Save GitHub' }).click();
  await expect(github.getByText('Secret set in the dashboard')).toBeVisible();

  const number = randomInt(10_000, 1_000_000);
  const title = `Checkout button does nothing ${number}`;
  const subject = `Codertocat/Hello-World#${number}: ${title}`;
  await deliver(request, accessKey, secret, issueEvent(number, title, 'opened'));

  // Missive's window, opened after the post: its Inbox lists the new conversation.
  await openApp('/playground');
  await playground.ready();
  const option = playground.list.getByRole('option', { name: new RegExp(`^${escape(subject)}`) });
  await option.click();
  const thread = playground.thread;
  await expect(thread.getByRole('heading', { name: subject })).toBeVisible();
  const posts = thread.getByRole('article', { name: 'Post by GitHub' });
  await expect(posts).toHaveCount(1);
  await expect(posts.first()).toContainText(`opened issue [Codertocat/Hello-World#${number}]`);
  await expect(thread.getByText('Colour #1a7f37')).toBeVisible();

  await deliver(request, accessKey, secret, issueEvent(number, title, 'closed'));
  // The open thread hears of it (Missive's webhook, then the live event): no reload.
  await expect(posts).toHaveCount(2);
  await expect(posts.nth(1)).toContainText('closed');
  await expect(thread.getByText('Colour #8250df')).toBeVisible();
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
