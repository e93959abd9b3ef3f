import { expect, test } from './fixtures';

test('the dashboard opens signed in from the #key fragment and lists demo conversations', async ({
  page,
  openApp,
  accessKey,
}) => {
  await openApp('/');

  await expect(page.getByRole('heading', { level: 1, name: 'Missive CRM' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Gateway status' })).toContainText('Demo mode');
  const conversations = page.getByRole('list', { name: 'Latest conversations' });
  await expect(conversations.getByRole('listitem').first()).toBeVisible();
  expect(await conversations.getByRole('listitem').count()).toBeGreaterThan(0);
  await expect(page.getByLabel('Access key')).toHaveCount(0);

  // The key must not linger where history, bookmarks or screenshots keep it.
  expect(page.url()).not.toContain(accessKey);
  expect(page.url()).not.toContain('#key=');
});
