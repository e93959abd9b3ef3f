import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createAccessKeyResponse } from '@crm/shared/people';
import { freshConversation, stranger } from './demo-inbox';
import { expect, test } from './fixtures';

/**
 * An AI agent is a person with a key of its own: it works through the
 * gateway's MCP endpoint (plain JSON-RPC over HTTP, as any MCP client
 * sends), and Operations shows its lane with its share of the budget and,
 * at a click on its name, only its writes.
 */

const toolResult = z.object({
  result: z.object({
    content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
    isError: z.boolean().optional(),
  }),
});

test('an AI agent posts over MCP under its own name; Operations shows its lane and only its writes', async ({
  page,
  request,
  accessKey,
  openApp,
  gateway,
  emulator,
}) => {
  const name = `AI ${randomUUID().slice(0, 8)}`;
  const created = await request.post('/api/keys', {
    headers: { Authorization: `Bearer ${accessKey}` },
    data: { name, role: 'agent' },
  });
  expect(created.status()).toBe(201);
  const { key } = createAccessKeyResponse.parse(await created.json());

  const conversation = await freshConversation(emulator, gateway, stranger());
  const answer = await request.post('/mcp', {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json, text/event-stream' },
    data: {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'create_a_missive_post',
        arguments: {
          posts: {
            conversation: conversation.id,
            notification: { title: 'Order', body: 'shipped' },
            text: `Order shipped (${name})`,
            reopen: false,
          },
        },
      },
    },
  });
  expect(answer.ok()).toBe(true);
  const { result } = toolResult.parse(await answer.json());
  expect(result.isError ?? false).toBe(false);

  await openApp('/operations');
  const queues = page.getByRole('table', { name: 'Queues' });
  await expect(queues.getByRole('row', { name: /^AI agents \(up to 25 %\)/ })).toBeVisible();
  // Its calls to Missive, counted in its lane since the gateway started.
  const calls = page.getByRole('definition').filter({ hasText: 'by AI agents' });
  await expect(calls).toHaveText(/\b[1-9]\d* by AI agents\b/);

  const log = page.getByRole('list', { name: 'Audit log' });
  await log
    .getByRole('button', { name: `Only ${name}’s writes` })
    .first()
    .click();
  await expect(page.getByText(`Only ${name}’s writes.`)).toBeVisible();
  const entries = page.getByRole('list', { name: 'Audit log' }).getByRole('listitem');
  await expect(entries).toHaveCount(1);
  await expect(entries.first()).toContainText(`${name} · createPost`);
  await expect(page).toHaveURL(/audit_by=AI/);
});
