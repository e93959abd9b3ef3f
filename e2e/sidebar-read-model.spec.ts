import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { limitsReportSchema } from '@crm/shared/limits';
import { syncReportSchema } from '@crm/shared/sync';
import { freshConversation, newContact, stranger } from './demo-inbox';
import { expect, test } from './fixtures';

/**
 * The read model as an agent meets it: switching conversations is answered
 * from the window around the sidebar and the gateway's mirror, so it spends
 * nothing of the team's Missive token, and a change made in Missive itself
 * reaches an open sidebar without anyone reloading.
 */

async function getJson(request: APIRequestContext, accessKey: string, path: string) {
  const response = await request.get(path, { headers: { Authorization: `Bearer ${accessKey}` } });
  if (!response.ok()) throw new Error(`GET ${path} answered ${response.status()}`);
  return (await response.json()) as unknown;
}

/** Calls agents have spent on the token (the sync's own are the background lane's). */
async function interactiveCalls(request: APIRequestContext, accessKey: string) {
  const limits = limitsReportSchema.parse(await getJson(request, accessKey, '/api/limits'));
  return limits.upstream.upstreamCallsByLane.interactive;
}

/** When every contact book last finished a sync round. */
async function contactsSyncedAt(request: APIRequestContext, accessKey: string): Promise<number> {
  const report = syncReportSchema.parse(await getJson(request, accessKey, '/api/sync'));
  return report.objects.find((object) => object.object === 'contacts')?.lastSuccessAt ?? 0;
}

async function waitForLiveMirror(request: APIRequestContext, accessKey: string) {
  await expect
    .poll(async () => {
      const report = syncReportSchema.parse(await getJson(request, accessKey, '/api/sync'));
      return report.objects.every((object) => object.state === 'live');
    })
    .toBe(true);
}

test('switching conversations spends nothing of the token once the mirror is loaded', async ({
  playground,
  gateway,
  emulator,
  request,
  accessKey,
}) => {
  await waitForLiveMirror(request, accessKey);
  const rows = await Promise.all(
    [0, 1, 2, 3].map(() => freshConversation(emulator, gateway, stranger())),
  );
  await playground.reload();
  // Until the sync (or a webhook) brings a new conversation, the gateway
  // reads it once.
  for (const row of rows) await getJson(request, accessKey, `/api/context/${row.id}`);
  const [first, ...others] = rows;
  if (!first) throw new Error('no conversation was started');
  // The first selection also reads what a sidebar reads once a session
  // (contact books, labels, people, canned responses).
  await playground.select(first);
  await expect(playground.sidebarRegion('Contacts')).toBeVisible();
  const before = await interactiveCalls(request, accessKey);

  for (const row of others) {
    await playground.select(row);
    await expect(playground.sidebarRegion('Contacts').getByRole('article').first()).toBeVisible();
  }
  expect(await interactiveCalls(request, accessKey)).toBe(before);
});

test('a contact edited in Missive itself shows in the open sidebar', async ({
  playground,
  gateway,
  emulator,
  request,
  accessKey,
}) => {
  // The sync's round under a busy budget (see below), then the sidebar.
  test.setTimeout(90_000);
  const customer = await newContact(gateway);
  const row = await freshConversation(emulator, gateway, customer);
  await playground.reload();
  await playground.select(row);
  await expect(playground.contactCard(customer.name)).toBeVisible();

  // A colleague renames them in Missive: no webhook tells of contact edits,
  // so the gateway's sync finds it and the sidebar follows.
  const lastName = `Renamed${randomUUID().slice(0, 6)}`;
  const editedAt = Date.now();
  await emulator.editContact(customer.contact.id, { last_name: lastName });
  // How soon the sync comes round is the budget's to say: it wants a round
  // every E2E_SYNC_INTERVAL_S, but its share (SYNC_BUDGET_SHARE 0.25) pays
  // about one call every 5 s, and a round of the demo is about 5 calls (three
  // contact books, tasks, now and then a slower list): about 25 s. The books
  // go first as they fall furthest behind, whatever else is due.
  await expect
    .poll(() => contactsSyncedAt(request, accessKey), { timeout: 60_000 })
    .toBeGreaterThan(editedAt);
  // Then the mirror's news reaches the open sidebar at once.
  const renamed = `${customer.contact.first_name ?? ''} ${lastName}`;
  await expect(playground.contactCard(renamed)).toBeVisible();
  expect((await gateway.getContact(customer.contact.id)).last_name).toBe(lastName);
});
