import { randomUUID } from 'node:crypto';
import { contactEditResponseSchema } from '@crm/shared/contact-edits';
import { tasksResponse } from '@crm/shared/missive/tasks';
import { freshConversation, stranger } from './demo-inbox';
import { E2E_BASE_URL, expect, test } from './fixtures';
import { dashboardNav, goTo, plainContact } from './dashboard-helpers';

/**
 * The dashboard's journeys, each checked where a user relies on it: the
 * screen they see and, for writes, what Missive holds afterwards. The
 * emulator is shared by every spec of the run, so each journey works on data
 * of its own, made as it starts (a contact, a label, a task no other spec
 * touches).
 */

test('signing in: no key asks for one, a wrong key is refused, the right one opens the dashboard', async ({
  page,
  accessKey,
}) => {
  await page.goto(E2E_BASE_URL);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(dashboardNav(page)).toHaveCount(0);

  const key = page.getByLabel('Access key');
  await key.fill('not-the-right-key-0123456789');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('That access key was refused');
  await expect(dashboardNav(page)).toHaveCount(0);

  await page.getByLabel('Access key').fill(accessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Conversations' })).toBeVisible();
  await expect(dashboardNav(page)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a contact found by last name is edited and saved upstream', async ({
  page,
  openApp,
  gateway,
}) => {
  const contact = await plainContact(gateway);
  const name = `${contact.first_name} ${contact.last_name}`;
  const nickname = `Nick ${Date.now() % 100_000}`;

  await openApp('/contacts');
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search' }).fill(contact.last_name);
  const list = page.getByRole('list', { name: 'Contacts' });
  await list
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .click();

  const card = page.getByRole('article', { name: `Contact: ${name}` });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: `Edit ${name}` }).click();
  const editor = page.getByRole('form', { name: `Edit ${name}` });
  await editor.getByRole('textbox', { name: 'Nickname' }).fill(nickname);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByRole('article', { name: `Contact: ${name}` })).toBeVisible();

  await expect.poll(async () => (await gateway.getContact(contact.id)).nickname).toBe(nickname);
  const after = await gateway.getContact(contact.id);
  expect(after.first_name).toBe(contact.first_name);
  expect(after.last_name).toBe(contact.last_name);
  expect(after.infos ?? []).toEqual(contact.infos ?? []);
});

test('a label’s conversations open from the label tree', async ({ page, openApp, gateway }) => {
  const labels = await gateway.listSharedLabels(await gateway.organizationId());
  const billing = labels.find((label) => label.name_with_parent_names === 'Billing');
  if (!billing) throw new Error('the demo has no "Billing" label');
  await openApp('/');
  await goTo(page, 'Labels');
  const link = page.getByRole('link', { name: 'Conversations in Billing', exact: true });
  await link.click();

  await expect(page.getByRole('heading', { level: 1, name: 'Conversations' })).toBeVisible();
  const url = new URL(page.url());
  expect(url.pathname).toBe('/conversations');
  expect(url.searchParams.get('mailbox')).toBe('shared_label');
  expect(url.searchParams.get('label')).toBe(billing.id);
  const conversations = page.getByRole('list', { name: 'Conversations' });
  await expect(conversations.getByRole('listitem').first()).toBeVisible();
});

test('a new label created under a parent appears beneath it and upstream', async ({
  page,
  openApp,
  gateway,
}) => {
  const name = `E2E ${Date.now() % 1_000_000}`;
  await openApp('/labels');
  await expect(page.getByRole('heading', { level: 1, name: 'Labels' })).toBeVisible();
  const form = page.getByRole('form', { name: 'New label' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Parent').selectOption({ label: 'Product' });
  await form.getByRole('button', { name: 'Create label' }).click();
  await expect(form).toContainText(`Created “Product/${name}”.`);

  // In the tree, inside the parent's item.
  const parent = page.getByRole('listitem', { name: 'Product', exact: true });
  await expect(
    parent.getByRole('link', { name: `Conversations in Product/${name}`, exact: true }),
  ).toBeVisible();

  const organization = await gateway.organizationId();
  const labels = await gateway.listSharedLabels(organization);
  const created = labels.find((label) => label.name === name);
  expect(created?.name_with_parent_names).toBe(`Product/${name}`);
});

test('a task’s state changed on the Tasks page is closed upstream', async ({
  page,
  openApp,
  gateway,
}) => {
  const organization = await gateway.organizationId();
  const path = `/tasks?organization=${organization}&limit=50`;
  // A task of its own, titled as no other, so its row is found by name on every run.
  const [assignee] = await gateway.listUsers();
  if (!assignee) throw new Error('the demo has no user');
  const task = await gateway.createTask({
    title: `Call back about the renewal ${randomUUID().slice(0, 8)}`,
    organization,
    assignees: [assignee.id],
  });

  await openApp('/tasks');
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  const state = page.getByRole('combobox', { name: `State of ${task.title}` });
  await state.selectOption({ label: 'Closed' });
  await expect(state).toHaveValue('closed');

  await expect
    .poll(async () => {
      const now = await gateway.read(path, tasksResponse);
      return now.tasks.find((candidate) => candidate.id === task.id)?.state;
    })
    .toBe('closed');
});

test('an analytics report runs to its chart and tables', async ({ page, openApp }) => {
  test.setTimeout(60_000);
  await openApp('/analytics');
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await page.getByRole('button', { name: 'Run report' }).click();

  const chart = page.getByRole('img', {
    name: 'Messages received, messages sent and conversations closed per day',
  });
  await expect(chart).toBeVisible({ timeout: 25_000 });
  await expect(page.getByRole('table', { name: 'Totals' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Report ready');
});

test('the operations view counts the requests the sidebar makes meanwhile', async ({
  playground,
  gateway,
  emulator,
  context,
  accessKey,
}) => {
  test.setTimeout(60_000);
  const operations = await context.newPage();
  await operations.goto(`/operations#key=${encodeURIComponent(accessKey)}`);
  await expect(operations.getByRole('heading', { level: 1, name: 'Operations' })).toBeVisible();
  // The 15-minute window: within one test run its count can only rise, so
  // requests ageing out of a shorter window cannot hide the sidebar's reads.
  const quarter = operations.getByRole('meter', { name: 'Requests in the last 15 min' });
  const used = async () => Number((await quarter.getAttribute('aria-valuetext'))?.split(' ')[0]);
  await expect(quarter).toHaveAttribute('aria-valuetext', /^\d+ of \d+$/);
  const before = await used();

  const first = await freshConversation(emulator, gateway, stranger());
  const second = await freshConversation(emulator, gateway, stranger());
  await playground.page.bringToFront();
  await playground.reload();
  await playground.select(first);
  await playground.addToSelection(second);

  await expect.poll(used, { timeout: 20_000 }).toBeGreaterThan(before);
});

test('a contact edit is undone from the audit log', async ({
  page,
  openApp,
  gateway,
  request,
  accessKey,
}) => {
  const contact = await plainContact(gateway);
  const notes = `Undo me ${Date.now() % 100_000}`;

  const response = await request.post(`/api/contacts/${contact.id}/edit`, {
    headers: { Authorization: `Bearer ${accessKey}` },
    data: { base: contact, changes: { notes } },
  });
  expect(response.ok()).toBe(true);
  expect(contactEditResponseSchema.parse(await response.json()).contact.notes).toBe(notes);

  await openApp('/operations');
  await expect(page.getByRole('heading', { level: 1, name: 'Operations' })).toBeVisible();
  const log = page.getByRole('list', { name: 'Audit log' });
  // The log names the upstream call: `PATCH /v1/contacts/<id>`.
  const call = `PATCH \\S*/contacts/${contact.id}`;
  const newest = log.getByRole('listitem', { name: new RegExp(`^${call},`) }).first();
  // Pinned by its whole name: the undo is logged too, and lands above it.
  const name = await newest.getAttribute('aria-label');
  if (!name) throw new Error('the audit entry has no name');
  const entry = log.getByRole('listitem', { name, exact: true });
  await entry.getByRole('button', { name: new RegExp(`^Undo ${call}$`) }).click();
  await expect(entry).toContainText('is back as it was before this edit');

  await expect
    .poll(async () => (await gateway.getContact(contact.id)).notes ?? '')
    // A note the contact did not have comes back empty: Missive clears a field with "".
    .toBe(contact.notes ?? '');
});
