import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactBooksResponse, contactListResponse } from '@crm/shared/missive/contacts';
import { webhookPayloadSchema } from '@crm/shared/missive/hooks';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { startReceiver, verifySignature, type Receiver } from './contract/webhook-receiver';
import { startEmulator, type RunningEmulator } from './serve';

const TOKEN = 'activity-suite-token';
/** The pause between two of the activity's changes (EMULATOR_ACTIVITY). */
const ACTIVITY_MS = 20;
const SECRET = 'a-secret-for-the-activity-suite';

let emulator: RunningEmulator;
let receiver: Receiver;
const started = Math.floor(Date.now() / 1000);

async function get(path: string): Promise<unknown> {
  const response = await fetch(`${emulator.baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

/**
 * Resolves once the activity's next `ticks` changes would have been made,
 * had it kept going: a positive signal, not a guess at a long enough wait.
 * Timers of one length run in the order they were set, and each of these is
 * set after the activity's own (its next is set as its last runs), so every
 * tick it still had coming runs before the one here that follows it, however
 * slow the machine.
 */
async function activityTicks(ticks: number): Promise<void> {
  for (let tick = 0; tick < ticks; tick += 1) {
    await new Promise((resolve) => setTimeout(resolve, ACTIVITY_MS));
  }
}

beforeAll(async () => {
  receiver = await startReceiver();
  emulator = await startEmulator({
    EMULATOR_TOKEN: TOKEN,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: 0,
    EMULATOR_RATE_LIMITS: parseRateLimits('concurrent=5,1000/60s'),
    EMULATOR_LATENCY_MS: 0,
    EMULATOR_REPORT_DELAY_MS: 0,
    EMULATOR_REPORT_TTL_MS: 60_000,
    EMULATOR_SEED: 1,
    EMULATOR_ACTIVITY: ACTIVITY_MS,
  });
  for (const type of ['incoming_email', 'label_change'] as const) {
    const response = await fetch(`${emulator.baseUrl}/hooks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ hooks: { type, url: receiver.url(`/${type}`), secret: SECRET } }),
    });
    expect(response.status).toBe(200);
  }
});

afterAll(async () => {
  await emulator.stop();
  await receiver.close();
});

describe('EMULATOR_ACTIVITY', () => {
  it('delivers what happens to the hooks, signed', async () => {
    for (const type of ['incoming_email', 'label_change']) {
      const delivery = await receiver.delivery(`/${type}`, 0, 10_000);
      expect(verifySignature(SECRET, delivery.body, delivery.headers['x-hook-signature'])).toBe(
        true,
      );
      expect(webhookPayloadSchema.parse(JSON.parse(delivery.body)).rule.type).toBe(type);
    }
  });

  it('edits contacts that a modified_since sync then finds', async () => {
    const { contact_books } = contactBooksResponse.parse(await get('/contact_books'));
    const edited = async () => {
      let count = 0;
      for (const book of contact_books) {
        const page = contactListResponse.parse(
          await get(
            `/contacts?contact_book=${book.id}&modified_since=${started}&include_deleted=true&limit=200`,
          ),
        );
        count += page.contacts.length;
      }
      return count;
    };
    await expect.poll(edited, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
  });

  it('makes no change once stopped', async () => {
    emulator.activity?.stop();
    const changes = emulator.activity?.changes;
    await activityTicks(5);
    expect(emulator.activity?.changes).toBe(changes);
  });
});
