import { freshConversation, newContact, stranger } from './demo-inbox';
import { expect, test } from './fixtures';

/**
 * The sidebar follows the selection in the playground as it follows
 * Missive's: one conversation shows who the agent is talking to, several or
 * none say so instead.
 */

test('selecting a conversation shows its participant’s contact with name and company, and the key stays out of the URL', async ({
  page,
  playground,
  gateway,
  emulator,
  accessKey,
}) => {
  // A participant the contact books know, filed under their own name, at a company.
  const company = 'Harbour Logistics';
  const row = await freshConversation(emulator, gateway, await newContact(gateway, { company }));
  await playground.reload();

  await playground.select(row);

  await expect(playground.thread.getByRole('heading', { name: row.title })).toBeVisible();
  const card = playground.contactCard(row.participant.name);
  await expect(card.getByRole('heading', { level: 3 })).toHaveText(row.participant.name);
  await expect(card).toContainText(company);
  await expect(card).toContainText(row.participant.email);

  // Neither the playground nor the sidebar frame keeps the key in its address.
  const addresses = page.frames().map((frame) => frame.url());
  expect(addresses.some((url) => url.includes('/sidebar'))).toBe(true);
  for (const url of addresses) {
    expect(url).not.toContain(accessKey);
    expect(url).not.toContain('key=');
  }
});

test('ctrl-click selects a second conversation and the sidebar says so; Escape selects nothing', async ({
  page,
  playground,
  gateway,
  emulator,
}) => {
  const first = await freshConversation(emulator, gateway, stranger());
  const second = await freshConversation(emulator, gateway, stranger());
  await playground.reload();
  const { sidebar } = playground;

  await playground.select(first);
  await playground.addToSelection(second);

  await expect(playground.selectedOptions()).toHaveCount(2);
  await expect(sidebar.getByRole('status')).toHaveText(/^2 conversations selected\./);
  await expect(playground.sidebarRegion('Contacts')).toHaveCount(0);
  await expect(playground.thread).toContainText('2 conversations selected');

  await page.keyboard.press('Escape');

  await expect(playground.selectedOptions()).toHaveCount(0);
  await expect(playground.sidebarMain()).toHaveText(
    'Select a conversation to see who you are talking to.',
  );
  await expect(playground.thread).toContainText('No conversation selected');
});
