import { randomUUID } from 'node:crypto';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { dashboardNav, goTo, plainContact } from './dashboard-helpers';
import { E2E_BASE_URL, expect, test } from './fixtures';

/**
 * People, not one shared key: an admin makes an agent's key, the agent signs
 * in with it and works under their own name, cannot do an admin's work, and
 * is shut out at once when the admin revokes the key.
 */
test('an agent with a key of their own is named in the audit log, kept from admin work, and shut out on revocation', async ({
  page,
  browser,
  openApp,
  gateway,
  request,
}) => {
  // Unique per run: a name belongs to one live key at a time.
  const name = `Agent ${randomUUID().slice(0, 8)}`;

  // The admin (APP_ACCESS_KEY) makes the key; it is shown once.
  await openApp('/access-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'Access keys' })).toBeVisible();
  await page.getByLabel("Person's name").fill(name);
  await page.getByLabel('Role').selectOption('agent');
  await page.getByRole('button', { name: 'Create key' }).click();
  const created = page.getByRole('region', { name: `New key for ${name}` });
  const agentKey = await created.getByRole('textbox', { name: 'Access key' }).inputValue();
  expect(agentKey).toMatch(/^mcrm_/);
  const keys = page.getByRole('table', { name: 'Keys' });
  await expect(keys.getByRole('row', { name: new RegExp(`^${name} agent`) })).toContainText(
    'Never',
  );

  // The agent signs in, in a browser of their own.
  const agentContext = await browser.newContext({ baseURL: E2E_BASE_URL });
  const agent = await agentContext.newPage();
  await agent.goto('/');
  await agent.getByLabel('Access key').fill(agentKey);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await expect(agent.getByText(/^Signed in as/)).toHaveText(`Signed in as ${name} (agent)`);
  // The browser keeps a session token, never the key.
  const stored = await agent.evaluate<string>('JSON.stringify(Object.entries(sessionStorage))');
  expect(stored).not.toContain(agentKey);
  await expect(dashboardNav(agent).getByRole('link', { name: 'Access keys' })).toHaveCount(0);

  // The agent edits a contact; the audit log names them.
  const contact = await plainContact(gateway);
  const contactName = `${contact.first_name} ${contact.last_name}`;
  const nickname = `Agent's ${Date.now() % 100_000}`;
  await goTo(agent, 'Contacts');
  await agent.getByRole('searchbox', { name: 'Search' }).fill(contact.last_name);
  await agent
    .getByRole('list', { name: 'Contacts' })
    .getByRole('link', { name: new RegExp(contactName) })
    .first()
    .click();
  await agent.getByRole('button', { name: `Edit ${contactName}` }).click();
  const editor = agent.getByRole('form', { name: `Edit ${contactName}` });
  await editor.getByRole('textbox', { name: 'Nickname' }).fill(nickname);
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);

  await goTo(agent, 'Operations');
  const log = agent.getByRole('list', { name: 'Audit log' });
  const edit = log
    .getByRole('listitem', { name: new RegExp(`^PATCH \\S*/contacts/${contact.id},`) })
    .first();
  await expect(edit).toContainText(` · ${name} · updateContacts`);

  // No admin work: no webhook form, and the gateway refuses the call itself.
  await expect(agent.getByText('Only an admin can register or remove webhooks.')).toBeVisible();
  await expect(agent.getByRole('button', { name: 'Register webhook' })).toHaveCount(0);
  const hook = await request.post('/api/missive/v1/hooks', {
    headers: { Authorization: `Bearer ${agentKey}` },
    data: { hooks: { type: 'new_comment', url: `${E2E_BASE_URL}/webhooks/missive` } },
  });
  expect(hook.status()).toBe(403);
  expect(errorEnvelopeSchema.parse(await hook.json()).error.message).toBe(
    `Only an admin can register webhooks; ${name} signed in as an agent`,
  );

  // The admin revokes the key: the agent's next request is refused, and
  // their dashboard goes back to signing in, saying why.
  await page.reload();
  const row = keys.getByRole('row', { name: new RegExp(`^${name} agent`) });
  await expect(row).not.toContainText('Never');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await row.getByRole('button', { name: `Revoke ${name}'s key now` }).click();
  await expect(row).toContainText('Revoked');

  // Its next request (the reload asks who the session is) is refused.
  await agent.reload();
  await expect(agent.getByRole('alert')).toContainText('Your session has ended');
  await expect(agent.getByLabel('Access key')).toBeVisible();
  const refused = await request.get('/api/me', {
    headers: { Authorization: `Bearer ${agentKey}` },
  });
  expect(refused.status()).toBe(401);
  await agentContext.close();
});
