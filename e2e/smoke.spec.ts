import { expect, test } from './fixtures';

test('the dashboard opens signed in from the #key fragment, lists conversations and reports demo mode', async ({
  page,
  openApp,
  accessKey,
}) => {
  await openApp('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Conversations' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Dashboard' })).toBeVisible();
  const conversations = page.getByRole('list', { name: 'Conversations' });
  await expect(conversations.getByRole('listitem').first()).toBeVisible();
  await expect(page.getByLabel('Access key')).toHaveCount(0);

  // The key must not linger where history, bookmarks or screenshots keep it.
  expect(page.url()).not.toContain(accessKey);
  expect(page.url()).not.toContain('#key=');

  await page
    .getByRole('navigation', { name: 'Dashboard' })
    .getByRole('link', { name: 'Operations' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Operations' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Gateway status' })).toContainText('Demo mode');
});
