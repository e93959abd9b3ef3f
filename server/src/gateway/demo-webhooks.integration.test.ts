import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlRoutes } from '@crm/shared/emulator-control';
import {
  EMULATOR_TOKEN,
  startGatewayHarness,
  WEBHOOK_SECRET,
  type GatewayHarness,
} from '../test/gateway-harness';
import { subscribeToDemoWebhooks } from './demo-webhooks';

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});

afterAll(async () => {
  await harness.stop();
});

/** A customer writes in, through Missive's own window (the emulator's control surface). */
async function customerWritesIn(): Promise<string> {
  const route = controlRoutes.receiveMessage;
  const response = await fetch(`${harness.emulator.controlUrl}${route.path}`, {
    method: route.method,
    headers: {
      Authorization: `Bearer ${EMULATOR_TOKEN}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      from_field: { name: 'Wen Early', address: 'wen@early.example' },
      to_fields: [{ address: 'support@brightwell.io' }],
      subject: 'Arrived by webhook',
      body: 'Hello.',
    }),
  });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`the emulator refused the message: ${JSON.stringify(answer)}`);
  const { messages } = route.response.parse(answer);
  if (!messages.conversation) throw new Error('the emulator filed the message nowhere');
  return messages.conversation.id;
}

describe('demo webhooks', () => {
  it('mirror a conversation as it arrives, so a sidebar opening it spends no call', async () => {
    await subscribeToDemoWebhooks({
      gateway: harness.gateway,
      url: `${harness.base}/webhooks/missive`,
      secret: WEBHOOK_SECRET,
    });
    const hooks = await harness.store.listAudit({ limit: 10 });
    expect(hooks.filter((entry) => entry.endpoint === 'createHook')).toHaveLength(4);

    const id = await customerWritesIn();
    await expect
      .poll(
        async () =>
          (await harness.mirror.reader.getConversation(id))?.record.latest_message_subject,
      )
      .toBe('Arrived by webhook');
    const before = harness.upstreamCalls();
    const context = await harness.request(`/api/context/${id}`);
    expect(context.status, context.text).toBe(200);
    expect(harness.upstreamCalls()).toBe(before);
    expect(harness.unexpected).toEqual([]);
  });
});
