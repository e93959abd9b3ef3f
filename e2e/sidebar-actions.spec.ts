import { freshConversation, newContact, stranger, type InboxConversation } from './demo-inbox';
import type { EmulatorControl } from './emulator-control';
import { expect, test } from './fixtures';
import type { GatewayApi } from './gateway-api';
import type { Playground } from './playground';

/**
 * What an agent does to a conversation from the sidebar, checked upstream
 * through the gateway: labels, a draft from a canned response, a task, and
 * text handed to the (playground's) composer. Each test works on its own
 * conversation and asserts only what it wrote, so they run in any order.
 */

/** The reply's subject, as mail clients make it: "Re: " once. */
function replySubject(title: string): string {
  return /^re:/i.test(title) ? title : `Re: ${title}`;
}

/** Someone new writes in; the playground lists it. */
async function strangerWritingIn(
  emulator: EmulatorControl,
  gateway: GatewayApi,
  playground: Playground,
): Promise<InboxConversation> {
  const row = await freshConversation(emulator, gateway, stranger());
  await playground.reload();
  return row;
}

test('a shared label is added and removed through PATCH, without posting into the conversation', async ({
  playground,
  gateway,
  emulator,
}) => {
  const row = await strangerWritingIn(emulator, gateway, playground);
  const organization = row.conversation.organization?.id;
  if (!organization) throw new Error('the new conversation has no organization');
  const [label] = (await gateway.listSharedLabels(organization)).sort((a, b) =>
    a.name_with_parent_names.localeCompare(b.name_with_parent_names),
  );
  if (!label) throw new Error('the demo has no shared label');
  const path = label.name_with_parent_names;
  const postsBefore = (await gateway.listPosts(row.id)).length;

  await playground.select(row);
  const labels = playground.sidebarRegion('Labels');
  await labels.getByRole('combobox', { name: 'Add label' }).fill(path);
  await labels.getByRole('option', { name: path, exact: true }).click();

  await expect(labels.getByRole('status')).toHaveText(`Added “${path}”.`);
  const remove = labels.getByRole('button', { name: `Remove label ${path}`, exact: true });
  await expect(remove).toBeVisible();
  const labelled = await gateway.getConversation(row.id);
  expect(labelled.shared_labels.map((shared) => shared.id)).toContain(label.id);

  await remove.click();

  await expect(labels.getByRole('status')).toHaveText(`Removed “${path}”.`);
  await expect(remove).toHaveCount(0);
  const unlabelled = await gateway.getConversation(row.id);
  expect(unlabelled.shared_labels.map((shared) => shared.id)).not.toContain(label.id);
  // Labelling is no message: nothing was posted into the thread.
  expect(await gateway.listPosts(row.id)).toHaveLength(postsBefore);
});

test('a canned response fills in the participant’s first name and is saved as a draft', async ({
  playground,
  gateway,
  emulator,
}) => {
  // A known customer writes in afresh: the conversation has them alone and no draft yet.
  const customer = await newContact(gateway);
  const row = await freshConversation(emulator, gateway, customer);
  await playground.reload();
  const firstName = customer.contact.first_name ?? '';
  // A response shared with everyone whose only variable is {{first_name}}.
  const response = (await gateway.listCannedResponses()).find(
    (candidate) =>
      candidate.user === null &&
      candidate.subject === null &&
      candidate.body.includes('{{first_name}}') &&
      candidate.body.replaceAll('{{first_name}}', '').match(/\{\{/) === null,
  );
  if (!response) throw new Error('the demo has no canned response with only {{first_name}}');
  const body = response.body.replaceAll('{{first_name}}', firstName);
  const subject = replySubject(row.title);

  await playground.select(row);
  const reply = playground.replyForm();
  await expect(reply.getByRole('textbox', { name: 'To' })).toHaveValue(row.participant.email);
  await expect(reply.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
  await reply.getByRole('combobox', { name: 'Canned response' }).selectOption({
    label: response.title,
  });
  await expect(reply.getByRole('textbox', { name: 'Message' })).toHaveValue(body);
  await reply.getByRole('button', { name: 'Save draft' }).click();

  await expect(reply.getByRole('status')).toHaveText('Saved as a draft.');
  const drafts = playground.sidebar.getByRole('list', { name: 'Drafts in this conversation' });
  await expect(drafts.getByRole('listitem')).toHaveCount(1);
  const listed = drafts.getByRole('listitem', { name: subject, exact: true });
  await expect(listed).toContainText(`Hi ${firstName},`);

  const upstream = await gateway.listDrafts(row.id);
  expect(upstream).toHaveLength(1);
  expect(upstream[0]).toMatchObject({
    body,
    subject,
    to_fields: [expect.objectContaining({ address: row.participant.email })],
  });
});

test('a task is created in the conversation and closed', async ({
  playground,
  gateway,
  emulator,
}) => {
  const row = await strangerWritingIn(emulator, gateway, playground);
  const title = `Call ${row.participant.name} back (e2e ${Date.now()})`;

  await playground.select(row);
  const tasks = playground.sidebarRegion('Tasks');
  await tasks.getByRole('button', { name: 'New task' }).click();
  const form = tasks.getByRole('form', { name: 'New task' });
  await form.getByRole('textbox', { name: 'Title' }).fill(title);
  await form.getByRole('button', { name: 'Create task' }).click();

  await expect(form.getByRole('status')).toHaveText(`Created “${title}”.`);
  const task = tasks.getByRole('listitem', { name: title, exact: true });
  await expect(task.getByRole('combobox', { name: `State of ${title}` })).toHaveValue('todo');
  const created = (await gateway.listTasks(row.id)).filter((item) => item.title === title);
  expect(created).toHaveLength(1);
  expect(created[0]).toMatchObject({ state: 'todo', conversation: row.id });

  await task.getByRole('button', { name: `Close ${title}` }).click();

  await expect(task.getByRole('status')).toHaveText(`Closed “${title}”.`);
  await expect(task.getByRole('combobox', { name: `State of ${title}` })).toHaveValue('closed');
  const closed = (await gateway.listTasks(row.id)).find((item) => item.title === title);
  expect(closed?.state).toBe('closed');
});

test('a reply written in the sidebar is inserted into the composer, and opened as a reply', async ({
  playground,
  gateway,
  emulator,
}) => {
  const row = await strangerWritingIn(emulator, gateway, playground);
  const text = `Thanks ${row.participant.name}, we are on it.`;

  await playground.select(row);
  const reply = playground.replyForm();
  await reply.getByRole('textbox', { name: 'Message' }).fill(text);
  await reply.getByRole('button', { name: 'Insert into composer' }).click();

  const composer = playground.composer;
  await expect(composer.getByRole('textbox', { name: 'Message' })).toHaveValue(text);
  await expect(reply.getByRole('status')).toHaveText('Inserted into Missive’s composer.');

  await reply.getByRole('button', { name: 'Reply in Missive' }).click();

  await expect(composer.getByRole('textbox', { name: 'To' })).toHaveValue(
    new RegExp(row.participant.email.replace(/[.+]/g, '\\$&')),
  );
  await expect(composer.getByRole('textbox', { name: 'Subject' })).toHaveValue(
    replySubject(row.title),
  );
  await expect(composer.getByRole('status')).toHaveText('The sidebar opened a reply.');
  // Nothing was saved in Missive: the composer is where the agent finishes it.
  expect(await gateway.listDrafts(row.id)).toEqual(
    expect.not.arrayContaining([expect.objectContaining({ body: expect.stringContaining(text) })]),
  );
});
