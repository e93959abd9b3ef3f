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

/**
 * Where `npm run screenshots` keeps the pictures the README shows; in a
 * normal run they go to the test's own output folder.
 */
const screenshotDir = process.env.SCREENSHOT_DIR;

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the sidebar fits Missive’s 320 px column in ${colorScheme}: a long subject among the other conversations is cut, not scrolled sideways`, async ({
    page,
    playground,
    gateway,
    emulator,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    const person = stranger();
    const organization = await gateway.organizationId();
    const [agent] = await gateway.listUsers();
    if (!agent) throw new Error('the demo has no user');
    const longSubject = `An unusually long subject line about an invoice, a refund and a delivery that went astray ${Date.now()}`;
    await emulator.receiveMessage({
      organization,
      from_field: { name: person.name, address: person.email },
      to_fields: [{ address: agent.email }],
      subject: longSubject,
      body: 'The first of two.',
    });
    const row = await freshConversation(emulator, gateway, person);
    await playground.reload();
    await playground.select(row);

    const other = playground.sidebar.getByRole('button', { name: new RegExp(`^${longSubject}`) });
    await expect(other).toBeVisible({ timeout: 15_000 });
    await expect(other.getByTitle(longSubject)).toBeVisible();
    const frame = page.frames().find((candidate) => candidate.url().includes('/sidebar'));
    if (!frame) throw new Error('no sidebar frame');
    // Strings, evaluated in the frame: this project's types have no DOM.
    const [scroll, client] = await frame.evaluate<[number, number]>(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    );
    expect(client).toBeLessThanOrEqual(320);
    expect(scroll).toBeLessThanOrEqual(client);
    // The page is drawn in the scheme asked for, from the same tokens.
    const background = await frame.evaluate<string>(
      'getComputedStyle(document.documentElement).backgroundColor',
    );
    expect(isDark(background)).toBe(colorScheme === 'dark');

    const shot = (name: string) =>
      screenshotDir
        ? `${screenshotDir}/${name}-${colorScheme}.png`
        : testInfo.outputPath(`${name}.png`);
    // The other conversations in view: the part of the sidebar that used to overflow.
    await other.scrollIntoViewIfNeeded();
    await page.locator('iframe[title="Sidebar"]').screenshot({ path: shot('sidebar') });
    await page.screenshot({ path: shot('playground') });
  });
}

/** Whether a computed `rgb(…)` colour is a dark one (under half the luminance). */
function isDark(color: string): boolean {
  const [r = 255, g = 255, b = 255] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}
