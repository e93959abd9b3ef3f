import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { integrationSettingsSchema } from '@crm/shared/integrations';
import {
  integrationOutputSchema,
  UnprocessableEvent,
  type IntegrationOutput,
  type IntegrationRequest,
  type ProcessContext,
  type ProcessResult,
} from '../provider';
import { hostileString, replaceAt, stringPaths, weightedCases } from '../../test/hostile-payloads';
import { hmacSha256Hex } from '../signatures';
import {
  formatStripeAmount,
  STRIPE_SIGNATURE_TOLERANCE_SECONDS,
  stripeEventTypes,
  stripeProvider,
} from './stripe';

const SECRET = 'whsec_test_5f2b8c1e9d7a4b6c';
const NOW = 1_723_000_000_500;
const NOW_SECONDS = Math.trunc(NOW / 1000);
const settings = integrationSettingsSchema.parse({ enabled: true });

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/stripe/${name}.json`, import.meta.url));
}

/** A fixture as a parsed body, edited by `edit` (tests of one field at a time). */
function event(name: string, edit?: (body: Record<string, unknown>) => void): unknown {
  const body = JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
  edit?.(body);
  return body;
}

/** `data.object` of a parsed fixture, for edits. */
function objectOf(body: Record<string, unknown>): Record<string, unknown> {
  return (body.data as { object: Record<string, unknown> }).object;
}

function request(headers: Record<string, string>, rawBody: Buffer, receivedAt = NOW) {
  const lower = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const made: IntegrationRequest = {
    header: (name) => lower.get(name.toLowerCase()),
    rawBody,
    receivedAt,
  };
  return made;
}

function sign(body: Buffer, secret = SECRET, timestamp = NOW_SECONDS): string {
  return hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), body]));
}

function signedRequest(body: Buffer, header: string, receivedAt = NOW): IntegrationRequest {
  return request({ 'Stripe-Signature': header }, body, receivedAt);
}

function context(mirror: Record<string, string> = {}) {
  const conversationByEmail = vi.fn((email: string) => Promise.resolve(mirror[email]));
  const made: ProcessContext = { settings, conversationByEmail };
  return { context: made, conversationByEmail };
}

async function post(body: unknown, mirror: Record<string, string> = {}) {
  const { context: made, conversationByEmail } = context(mirror);
  const result: ProcessResult = await stripeProvider.process(
    body,
    request({}, Buffer.from('')),
    made,
  );
  if (!('post' in result)) throw new Error(`expected a post, got ignored: ${result.ignored}`);
  return { output: integrationOutputSchema.parse(result.post), conversationByEmail };
}

const JENNY = 'jenny.rosen@example.com';
const CUSTOMER = 'cus_QXg1o8vcGmoR32';
const PAYMENT_INTENT = 'pi_1PgafyB7WZ01zgkWSjxsAJo3';
const CHARGE = 'ch_1PgafuB7WZ01zgkWXYmPNZs8';
const INVOICE = 'in_1Pgc6tB7WZ01zgkWu9fdqL6I';
const SUBSCRIPTION = 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw';
const DISPUTE = 'dp_1Pgc71B7WZ01zgkWMevJiAUx';
const HOSTED_INVOICE =
  'https://invoice.stripe.com/i/acct_1PgafTB7WZ01zgkW/test_YWNjdF8xUGdhZlRCN1daMDF6Z2tX';
const lines = (...text: string[]) => text.join('\n');
/** An id as the markdown shows it: its underscores escaped, so they open no emphasis. */
const md = (id: string) => id.replaceAll('_', '\\_');

/** Each fixture's post when the mirror knows no conversation for its email. */
const expected: Record<string, IntegrationOutput> = {
  'payment-intent-succeeded': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Payment succeeded** · $10.99 · test mode',
      '',
      `- Customer: ${JENNY} · ${md(CUSTOMER)}`,
      '',
      `[Open the payment in Stripe](https://dashboard.stripe.com/test/payments/${PAYMENT_INTENT})`,
    ),
    color: 'good',
    summary: `payment_intent.succeeded ${CUSTOMER} $10.99`,
  },
  'payment-intent-payment-failed': {
    // A guest's payment: no customer, so the payment is its own conversation.
    references: [`stripe:payment_intent:${PAYMENT_INTENT}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Payment failed** · $10.99 · test mode',
      '',
      `- Customer: ${JENNY}`,
      '- Reason: Your card has insufficient funds.',
      '',
      `[Open the payment in Stripe](https://dashboard.stripe.com/test/payments/${PAYMENT_INTENT})`,
    ),
    color: 'danger',
    summary: `payment_intent.payment_failed ${JENNY} $10.99`,
  },
  'charge-succeeded': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Charge succeeded** · $1.00 · test mode',
      '',
      `- Customer: Jenny Rosen · ${JENNY} · ${md(CUSTOMER)}`,
      '- Description: My First Test Charge (created for API docs)',
      '',
      `[Open the payment in Stripe](https://dashboard.stripe.com/test/payments/${CHARGE})`,
    ),
    color: 'good',
    summary: `charge.succeeded ${CUSTOMER} $1.00`,
  },
  'charge-failed': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Charge failed** · $1.00 · test mode',
      '',
      `- Customer: Jenny Rosen · ${JENNY} · ${md(CUSTOMER)}`,
      '- Reason: Your card was declined.',
      '- Description: My First Test Charge (created for API docs)',
      '',
      `[Open the payment in Stripe](https://dashboard.stripe.com/test/payments/${CHARGE})`,
    ),
    color: 'danger',
    summary: `charge.failed ${CUSTOMER} $1.00`,
  },
  'charge-refunded': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Charge refunded** · $1.00 · test mode',
      '',
      `- Customer: Jenny Rosen · ${JENNY} · ${md(CUSTOMER)}`,
      '- Description: My First Test Charge (created for API docs)',
      '',
      `[Open the payment in Stripe](https://dashboard.stripe.com/test/payments/${CHARGE})`,
    ),
    color: 'warning',
    summary: `charge.refunded ${CUSTOMER} $1.00`,
  },
  'invoice-paid': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Invoice F4A2C1D0-0001 paid** · $10.00 · test mode',
      '',
      `- Customer: Jenny Rosen · ${JENNY} · ${md(CUSTOMER)}`,
      `- [Hosted invoice page](${HOSTED_INVOICE})`,
      '',
      `[Open the invoice in Stripe](https://dashboard.stripe.com/test/invoices/${INVOICE})`,
    ),
    color: 'good',
    summary: `invoice.paid ${CUSTOMER} $10.00`,
  },
  'invoice-payment-failed': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Invoice F4A2C1D0-0001 payment failed** · $10.00 · test mode',
      '',
      `- Customer: Jenny Rosen · ${JENNY} · ${md(CUSTOMER)}`,
      '- Attempt 1 failed; Stripe tries again on 2009-02-20',
      `- [Hosted invoice page](${HOSTED_INVOICE})`,
      '',
      `[Open the invoice in Stripe](https://dashboard.stripe.com/test/invoices/${INVOICE})`,
    ),
    color: 'danger',
    summary: `invoice.payment_failed ${CUSTOMER} $10.00`,
  },
  'customer-subscription-created': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${CUSTOMER}`,
    markdown: lines(
      '**Subscription created** · active · test mode',
      '',
      `- Customer: ${md(CUSTOMER)}`,
      '- Plan: prod\\_QXg1hqf4jFNsqG, $20.00 / month',
      '',
      `[Open the subscription in Stripe](https://dashboard.stripe.com/test/subscriptions/${SUBSCRIPTION})`,
    ),
    color: 'good',
    summary: `customer.subscription.created ${CUSTOMER} active`,
  },
  'customer-subscription-updated': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${CUSTOMER}`,
    markdown: lines(
      '**Subscription updated** · active · test mode',
      '',
      `- Customer: ${md(CUSTOMER)}`,
      '- Cancels at the end of the period, on 2009-02-13',
      '- Plan: prod\\_QXg1hqf4jFNsqG, $20.00 / month',
      '',
      `[Open the subscription in Stripe](https://dashboard.stripe.com/test/subscriptions/${SUBSCRIPTION})`,
    ),
    // Still active, but set to end: a customer about to leave.
    color: 'warning',
    summary: `customer.subscription.updated ${CUSTOMER} active`,
  },
  'customer-subscription-deleted': {
    references: [`stripe:customer:${CUSTOMER}`],
    subject: `Stripe: ${CUSTOMER}`,
    markdown: lines(
      '**Subscription canceled** · canceled · test mode',
      '',
      `- Customer: ${md(CUSTOMER)}`,
      '- Cancellation: cancellation requested',
      '- Plan: prod\\_QXg1hqf4jFNsqG, $20.00 / month',
      '',
      `[Open the subscription in Stripe](https://dashboard.stripe.com/test/subscriptions/${SUBSCRIPTION})`,
    ),
    color: 'danger',
    summary: `customer.subscription.deleted ${CUSTOMER} canceled`,
  },
  'charge-dispute-created': {
    // A dispute names its charge, not its customer: it is its own conversation.
    references: [`stripe:dispute:${DISPUTE}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Dispute opened** · $10.00 · test mode',
      '',
      `- Customer: ${JENNY}`,
      '- Reason: general',
      '- Status: warning needs response',
      '- Evidence due by 2024-08-14',
      `- Disputed charge: ${md(CHARGE)}`,
      '',
      `[Open the dispute in Stripe](https://dashboard.stripe.com/test/disputes/${DISPUTE})`,
    ),
    color: 'danger',
    summary: `charge.dispute.created ${JENNY} $10.00`,
  },
  'charge-dispute-closed': {
    references: [`stripe:dispute:${DISPUTE}`],
    subject: `Stripe: ${JENNY}`,
    markdown: lines(
      '**Dispute closed** · $10.00 · test mode',
      '',
      `- Customer: ${JENNY}`,
      '- Reason: general',
      '- Status: warning closed',
      `- Disputed charge: ${md(CHARGE)}`,
      '',
      `[Open the dispute in Stripe](https://dashboard.stripe.com/test/disputes/${DISPUTE})`,
    ),
    color: 'warning',
    summary: `charge.dispute.closed ${JENNY} $10.00`,
  },
};

const fixtureNames = Object.keys(expected);

describe('stripeProvider fixtures', () => {
  it('has a fixture for every event type it posts, and each fixture is of its type', () => {
    const types = fixtureNames.map((name) => (event(name) as { type: string }).type);
    expect(types.sort()).toEqual([...stripeEventTypes].sort());
    for (const name of fixtureNames) {
      expect((event(name) as { type: string }).type.replaceAll(/[._]/g, '-')).toBe(name);
    }
  });

  it.each(fixtureNames)(
    'posts %s as a new conversation when the mirror knows no one',
    async (name) => {
      const { output, conversationByEmail } = await post(event(name));
      expect(output).toEqual(expected[name]);
      const subject = expected[name]?.subject ?? '';
      if (subject.includes('@')) expect(conversationByEmail).toHaveBeenCalledWith(JENNY);
      else expect(conversationByEmail).not.toHaveBeenCalled();
    },
  );

  it.each(fixtureNames.filter((name) => expected[name]?.subject?.includes('@')))(
    'posts %s into the conversation the mirror has for the email, without a subject',
    async (name) => {
      const { output } = await post(event(name), { [JENNY]: 'conv-jenny' });
      const { subject: _subject, ...rest } = expected[name] ?? { references: [], summary: '' };
      expect(output).toEqual({ ...rest, conversation: 'conv-jenny' });
    },
  );

  it('gives each fixture its own event id', () => {
    const ids = fixtureNames.map((name) =>
      stripeProvider.eventId(event(name), request({}, fixture(name)), settings),
    );
    expect(ids[0]).toBe('evt_1Pgc76B7WZ01zgkWPiSucc01');
    expect(new Set(ids).size).toBe(fixtureNames.length);
    for (const id of ids) expect(id).toMatch(/^evt_/);
  });
});

describe('stripeProvider.process', () => {
  it('formats zero-decimal currencies without dividing by 100', async () => {
    const yen = await post(
      event('payment-intent-succeeded', (body) => {
        Object.assign(objectOf(body), { currency: 'jpy', amount: 5000, amount_received: 5000 });
      }),
    );
    expect(yen.output.markdown).toMatch(/^\*\*Payment succeeded\*\* · ¥5,000 · test mode\n/);
    expect(yen.output.summary).toBe(`payment_intent.succeeded ${CUSTOMER} ¥5,000`);

    const won = await post(
      event('charge-succeeded', (body) => {
        Object.assign(objectOf(body), { currency: 'krw', amount: 15000 });
      }),
    );
    expect(won.output.summary).toBe(`charge.succeeded ${CUSTOMER} ₩15,000`);
  });

  it('formats amounts by the currency’s decimals', () => {
    expect(formatStripeAmount(1099, 'usd')).toBe('$10.99');
    expect(formatStripeAmount(2000, 'EUR')).toBe('€20.00');
    expect(formatStripeAmount(5, 'gbp')).toBe('£0.05');
    expect(formatStripeAmount(500, 'jpy')).toBe('¥500');
    expect(formatStripeAmount(1234567, 'krw')).toBe('₩1,234,567');
    expect(formatStripeAmount(12345, 'clp')).toBe('CLP\u00a012,345');
    expect(formatStripeAmount(12340, 'kwd')).toBe('KWD\u00a012.340');
    // Stripe keeps ISK two-decimal in the API though ISO says none.
    expect(formatStripeAmount(10000, 'isk')).toBe('ISK\u00a0100.00');
  });

  it('summarises in the event’s currency', async () => {
    const { output } = await post(
      event('invoice-payment-failed', (body) => {
        Object.assign(objectOf(body), { currency: 'eur', amount_due: 2000, customer: 'cus_123' });
      }),
    );
    expect(output.summary).toBe('invoice.payment_failed cus_123 €20.00');
    expect(output.references).toEqual(['stripe:customer:cus_123']);
  });

  it('links to the live dashboard, without a test-mode note, for live events', async () => {
    const { output } = await post(
      event('charge-succeeded', (body) => {
        body.livemode = true;
      }),
    );
    expect(output.markdown).toContain(`(https://dashboard.stripe.com/payments/${CHARGE})`);
    expect(output.markdown).not.toContain('test mode');
    expect(output.markdown?.split('\n')[0]).toBe('**Charge succeeded** · $1.00');
  });

  it('says how much of a partly refunded charge came back', async () => {
    const { output } = await post(
      event('charge-refunded', (body) => {
        Object.assign(objectOf(body), { amount: 1000, amount_refunded: 250, refunded: false });
      }),
    );
    expect(output.markdown?.split('\n')[0]).toBe(
      '**Charge partly refunded** · $2.50 of $10.00 · test mode',
    );
    expect(output.color).toBe('warning');
  });

  it('colours a closed dispute by its outcome', async () => {
    const closed = async (status: string) =>
      (
        await post(
          event('charge-dispute-closed', (body) => {
            objectOf(body).status = status;
          }),
        )
      ).output.color;
    expect(await closed('won')).toBe('good');
    expect(await closed('lost')).toBe('danger');
    expect(await closed('warning_closed')).toBe('warning');
  });

  it('colours a subscription by its status and names a status change', async () => {
    const { output } = await post(
      event('customer-subscription-updated', (body) => {
        Object.assign(objectOf(body), { status: 'past_due', cancel_at_period_end: false });
        (body.data as Record<string, unknown>).previous_attributes = { status: 'active' };
      }),
    );
    expect(output.color).toBe('danger');
    expect(output.markdown).toContain('\n- Status: past due (was active)\n');
    expect(output.summary).toBe(`customer.subscription.updated ${CUSTOMER} past due`);

    const trialing = await post(
      event('customer-subscription-created', (body) => {
        objectOf(body).status = 'trialing';
      }),
    );
    expect(trialing.output.color).toBe('good');
    expect(trialing.output.markdown).toContain('\n- Trial ends on 2009-02-13\n');

    const incomplete = await post(
      event('customer-subscription-created', (body) => {
        objectOf(body).status = 'incomplete';
      }),
    );
    expect(incomplete.output.color).toBe('warning');
  });

  it('finds a failed payment’s email on its card when there is no receipt email', async () => {
    const body = event('payment-intent-payment-failed', (edited) => {
      const intent = objectOf(edited);
      intent.receipt_email = null;
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'lost_card',
        message: 'Your card was declined.',
        payment_method: { billing_details: { email: 'payer@example.com', name: 'P. Ayer' } },
      };
    });
    const { output, conversationByEmail } = await post(body, { 'payer@example.com': 'conv-9' });
    expect(conversationByEmail).toHaveBeenCalledWith('payer@example.com');
    expect(output.conversation).toBe('conv-9');
    expect(output.markdown).toContain('\n- Reason: Your card was declined.\n');
  });

  it('falls back to the seller message, then the code, for a failed charge’s reason', async () => {
    const reason = async (fields: Record<string, unknown>) =>
      (
        await post(
          event('charge-failed', (body) => {
            Object.assign(objectOf(body), fields);
          }),
        )
      ).output.markdown?.split('\n')[3];
    expect(await reason({ failure_message: null })).toBe(
      '- Reason: The bank did not return any further details with this decline.',
    );
    expect(await reason({ failure_message: '', outcome: null })).toBe('- Reason: card\\_declined');
  });

  it('reads a customer that was expanded into an object', async () => {
    const { output } = await post(
      event('invoice-paid', (body) => {
        objectOf(body).customer = { id: 'cus_expanded', object: 'customer' };
      }),
    );
    expect(output.references).toEqual(['stripe:customer:cus_expanded']);
  });

  it('ignores the event types it does not post', async () => {
    const { context: made } = context();
    const result = await stripeProvider.process(
      event('charge-succeeded', (body) => {
        body.type = 'customer.created';
      }),
      request({}, Buffer.from('')),
      made,
    );
    expect(result).toEqual({ ignored: 'Stripe "customer.created" events are not posted' });
  });

  it('refuses a body that is not a Stripe event, or an object it cannot read', async () => {
    const { context: made } = context();
    const process = (body: unknown) =>
      stripeProvider.process(body, request({}, Buffer.from('')), made);
    await expect(process({ hello: 'world' })).rejects.toThrow(UnprocessableEvent);
    await expect(process({ hello: 'world' })).rejects.toThrow(/^not a Stripe event: type: /);
    await expect(
      process(
        event('charge-succeeded', (body) => {
          objectOf(body).amount = '1.00';
        }),
      ),
    ).rejects.toThrow(/^Stripe "charge.succeeded" event: data\.object\.amount: /);
    await expect(
      process(
        event('invoice-paid', (body) => {
          (body.data as Record<string, unknown>).object = objectOf(
            event('charge-succeeded') as Record<string, unknown>,
          );
        }),
      ),
    ).rejects.toThrow('data.object.object: must be "invoice" for this event type');
    await expect(
      process(
        event('charge-succeeded', (body) => {
          delete body.data;
        }),
      ),
    ).rejects.toThrow(/^Stripe "charge.succeeded" event: data: /);
  });
});

describe('stripeProvider.eventId', () => {
  it('is the event’s id', () => {
    const body = fixture('invoice-paid');
    expect(stripeProvider.eventId(event('invoice-paid'), request({}, body), settings)).toBe(
      'evt_1Pgc76B7WZ01zgkWInPaid01',
    );
  });

  it('refuses an event without one', () => {
    const eventId = (payload: unknown) =>
      stripeProvider.eventId(payload, request({}, Buffer.from('')), settings);
    expect(() => eventId({ type: 'charge.succeeded' })).toThrow(UnprocessableEvent);
    expect(() => eventId({ id: '' })).toThrow(/has none/);
    expect(() => eventId([])).toThrow(UnprocessableEvent);
  });
});

describe('stripeProvider.verify', () => {
  const body = fixture('charge-succeeded');

  it('accepts the signature of the timestamp and the body under the secret', () => {
    expect(
      stripeProvider.verify(signedRequest(body, `t=${NOW_SECONDS},v1=${sign(body)}`), SECRET),
    ).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    const header = `t=${NOW_SECONDS},v1=${sign(body, 'whsec_someone_else')}`;
    expect(stripeProvider.verify(signedRequest(body, header), SECRET)).toEqual({
      ok: false,
      reason: 'no v1 signature in Stripe-Signature matches the body: check the secret',
    });
  });

  it('refuses a body changed after signing', () => {
    const header = `t=${NOW_SECONDS},v1=${sign(body)}`;
    const tampered = Buffer.from(body.toString('utf8').replace('"amount": 100,', '"amount": 1,'));
    expect(tampered.equals(body)).toBe(false);
    expect(stripeProvider.verify(signedRequest(tampered, header), SECRET).ok).toBe(false);
  });

  it('refuses a signature whose timestamp was changed', () => {
    const header = `t=${NOW_SECONDS - 1},v1=${sign(body)}`;
    expect(stripeProvider.verify(signedRequest(body, header), SECRET).ok).toBe(false);
  });

  it('refuses a valid signature older than the tolerance: a replay', () => {
    const t = NOW_SECONDS - 301;
    expect(
      stripeProvider.verify(signedRequest(body, `t=${t},v1=${sign(body, SECRET, t)}`), SECRET),
    ).toEqual({
      ok: false,
      reason:
        'Stripe-Signature timestamp is 301 s old (tolerance 300 s): a replayed or delayed delivery',
    });
  });

  it('accepts a signature exactly at the tolerance, either way', () => {
    expect(STRIPE_SIGNATURE_TOLERANCE_SECONDS).toBe(300);
    for (const t of [NOW_SECONDS - 300, NOW_SECONDS + 300]) {
      const header = `t=${t},v1=${sign(body, SECRET, t)}`;
      expect(stripeProvider.verify(signedRequest(body, header), SECRET)).toEqual({ ok: true });
    }
  });

  it('refuses a timestamp too far in the future', () => {
    const t = NOW_SECONDS + 301;
    const verdict = stripeProvider.verify(
      signedRequest(body, `t=${t},v1=${sign(body, SECRET, t)}`),
      SECRET,
    );
    expect(verdict).toEqual({
      ok: false,
      reason:
        "Stripe-Signature timestamp is 301 s in the future (tolerance 300 s): a clock is wrong, Stripe's or this server's",
    });
  });

  it('refuses a delivery without the header', () => {
    expect(stripeProvider.verify(request({}, body), SECRET)).toEqual({
      ok: false,
      reason: 'missing Stripe-Signature header',
    });
    expect(stripeProvider.verify(signedRequest(body, '  '), SECRET)).toEqual({
      ok: false,
      reason: 'missing Stripe-Signature header',
    });
  });

  it('names what a malformed header lacks', () => {
    const verdict = (header: string) => stripeProvider.verify(signedRequest(body, header), SECRET);
    expect(verdict(`v1=${sign(body)}`)).toEqual({
      ok: false,
      reason: 'Stripe-Signature has no timestamp (t=…)',
    });
    expect(verdict('garbage')).toEqual({
      ok: false,
      reason: 'Stripe-Signature has no timestamp (t=…)',
    });
    expect(verdict(`t=soon,v1=${sign(body)}`)).toEqual({
      ok: false,
      reason: 'Stripe-Signature timestamp "soon" is not Unix seconds',
    });
    expect(verdict(`t=${NOW_SECONDS}`)).toEqual({
      ok: false,
      reason: 'Stripe-Signature has no v1 signature',
    });
    // v0 is Stripe's test-only scheme: never accepted in place of v1.
    expect(verdict(`t=${NOW_SECONDS},v0=${sign(body)}`)).toEqual({
      ok: false,
      reason: 'Stripe-Signature has no v1 signature',
    });
    expect(verdict(`t=${NOW_SECONDS},v1=not-hex`).ok).toBe(false);
  });

  it('accepts any of several v1 signatures while a secret is rolled', () => {
    const oldSecret = 'whsec_old_1a2b3c4d5e6f7a8b';
    const header = `t=${NOW_SECONDS},v1=${sign(body, oldSecret)},v1=${sign(body)},v0=${'0'.repeat(64)}`;
    expect(stripeProvider.verify(signedRequest(body, header), SECRET)).toEqual({ ok: true });
    expect(stripeProvider.verify(signedRequest(body, header), oldSecret)).toEqual({ ok: true });
    expect(stripeProvider.verify(signedRequest(body, header), 'whsec_third_9f8e7d6c').ok).toBe(
      false,
    );
  });

  it('reads the header whatever its case and spacing', () => {
    const made = request({ 'STRIPE-SIGNATURE': ` t=${NOW_SECONDS}, v1=${sign(body)} ` }, body);
    expect(stripeProvider.verify(made, SECRET)).toEqual({ ok: true });
  });
});

/** Markdown in which no payload text became HTML, an image, a heading or a link to anything but Stripe's https pages. */
function expectInert(markdown: string | undefined) {
  expect(markdown).not.toMatch(/<[a-z/!?]/i);
  // Inside a destination (percent-encoded to its closing parenthesis) `![` is only a URL's text.
  expect(markdown?.replace(/\]\([^\s()]*\)/g, '](…)')).not.toContain('![');
  expect(markdown).not.toMatch(/(?<!\\)\]\((?!https:\/\/)/);
  expect(markdown).not.toMatch(/^\s*(?:#|>|<)/m);
}

const HTML = '<img src=x onerror=alert(1)>';
const IMAGE = '![pixel](https://evil.example/p.png)';
const SCRIPT_LINK = '[x](javascript:alert(1))';

describe('stripeProvider.process: text from customers and merchants', () => {
  it('escapes a charge’s billing name, description and failure message', async () => {
    const { output } = await post(
      event('charge-failed', (body) => {
        const charge = objectOf(body);
        charge.billing_details = { email: JENNY, name: HTML };
        charge.description = `${IMAGE}\n\n# Heading`;
        charge.failure_message = `${SCRIPT_LINK} *now*`;
      }),
    );
    expect(output.markdown).toBe(
      lines(
        '**Charge failed** · $1.00 · test mode',
        '',
        `- Customer: &lt;img src=x onerror=alert(1)> · ${JENNY} · cus\\_QXg1o8vcGmoR32`,
        '- Reason: \\[x\\](javascript:alert(1)) \\*now\\*',
        '- Description: !\\[pixel\\](https://evil.example/p.png) # Heading',
        '',
        `[Open the payment in Stripe](https://dashboard.stripe.com/test/payments/${CHARGE})`,
      ),
    );
    expectInert(output.markdown);
  });

  it('escapes an invoice’s number, customer name and email, and encodes its hosted page', async () => {
    const email = '[x](javascript:alert(1))@example.com';
    const { output } = await post(
      event('invoice-payment-failed', (body) => {
        Object.assign(objectOf(body), {
          number: '*F4A2*<b>',
          customer_name: IMAGE,
          customer_email: email,
          hosted_invoice_url: 'https://invoice.example/a) ![p](https://evil.example/p.png',
        });
      }),
    );
    expect(output.markdown?.split('\n').slice(0, 5)).toEqual([
      '**Invoice \\*F4A2\\*&lt;b> payment failed** · $10.00 · test mode',
      '',
      `- Customer: !\\[pixel\\](https://evil.example/p.png) · \\[x\\](javascript:alert(1))@example.com · cus\\_QXg1o8vcGmoR32`,
      '- Attempt 1 failed; Stripe tries again on 2009-02-20',
      '- [Hosted invoice page](https://invoice.example/a%29%20![p]%28https://evil.example/p.png)',
    ]);
    // The subject is plain text, not markdown: the email as written.
    expect(output.subject).toBe(`Stripe: ${email}`);
    expectInert(output.markdown);
  });

  it('escapes a payment’s description and error message', async () => {
    const { output } = await post(
      event('payment-intent-payment-failed', (body) => {
        const intent = objectOf(body);
        intent.description = '# Heading\n> quote';
        intent.last_payment_error = { message: HTML, code: 'card_declined' };
      }),
    );
    expect(output.markdown).toContain(
      '\n- Reason: &lt;img src=x onerror=alert(1)>\n- Description: # Heading > quote\n',
    );
    expectInert(output.markdown);
  });

  it('escapes a subscription’s status, cancellation comment and plan names', async () => {
    const { output } = await post(
      event('customer-subscription-deleted', (body) => {
        const subscription = objectOf(body);
        subscription.cancellation_details = {
          reason: 'cancellation_requested',
          feedback: '<b>too_expensive</b>',
          comment: `${IMAGE} ${SCRIPT_LINK}`,
        };
        const items = subscription.items as { data: { price: Record<string, unknown> }[] };
        Object.assign(items.data[0]?.price ?? {}, {
          nickname: SCRIPT_LINK,
          recurring: { interval: '<i>month', interval_count: 1 },
        });
      }),
    );
    expect(output.markdown).toBe(
      lines(
        '**Subscription canceled** · canceled · test mode',
        '',
        '- Customer: cus\\_QXg1o8vcGmoR32',
        '- Cancellation: cancellation requested, &lt;b>too expensive&lt;/b>',
        '- Comment: !\\[pixel\\](https://evil.example/p.png) \\[x\\](javascript:alert(1))',
        '- Plan: \\[x\\](javascript:alert(1)), $20.00 / &lt;i>month',
        '',
        `[Open the subscription in Stripe](https://dashboard.stripe.com/test/subscriptions/${SUBSCRIPTION})`,
      ),
    );
    expectInert(output.markdown);
  });

  it('escapes a dispute’s reason and status', async () => {
    const { output } = await post(
      event('charge-dispute-created', (body) => {
        Object.assign(objectOf(body), { reason: HTML, status: '# needs_response' });
      }),
    );
    expect(output.markdown).toContain(
      '\n- Reason: &lt;img src=x onerror=alert(1)>\n- Status: # needs response\n',
    );
    expectInert(output.markdown);
  });
});

describe('stripeProvider: hostile but signed bodies', () => {
  const { context: made } = context();
  const process = (body: unknown) =>
    Promise.resolve(stripeProvider.process(body, request({}, Buffer.from('')), made));

  it('refuses an object id no Stripe id is: too long, or with spaces', async () => {
    const longCustomer = event('invoice-payment-failed', (body) => {
      objectOf(body).customer = `cus_${'x'.repeat(2000)}`;
    });
    await expect(process(longCustomer)).rejects.toThrow(UnprocessableEvent);
    await expect(process(longCustomer)).rejects.toThrow(
      'Stripe "invoice.payment_failed" event: data.object.customer: is longer than 255 characters: not a Stripe id',
    );
    const expanded = event('invoice-paid', (body) => {
      objectOf(body).customer = { id: 'x'.repeat(256), object: 'customer' };
    });
    await expect(process(expanded)).rejects.toThrow(
      'data.object.customer: is longer than 255 characters: not a Stripe id',
    );
    const spaced = event('charge-succeeded', (body) => {
      objectOf(body).id = 'ch_1 ](javascript:alert(1))';
    });
    await expect(process(spaced)).rejects.toThrow(
      'data.object.id: has characters no Stripe id has (spaces, controls or non-ASCII)',
    );
  });

  it('refuses an event id longer than 200 characters', () => {
    const eventId = (id: string) =>
      stripeProvider.eventId(
        { id, type: 'charge.succeeded' },
        request({}, Buffer.from('')),
        settings,
      );
    expect(eventId(`evt_${'x'.repeat(196)}`)).toHaveLength(200);
    expect(() => eventId(`evt_${'x'.repeat(197)}`)).toThrow(UnprocessableEvent);
    expect(() => eventId(`evt_${'x'.repeat(197)}`)).toThrow(
      'a Stripe event id is at most 200 characters ("evt_…"): this one has 201',
    );
  });

  it('keeps a 200,000-character description, comment or status within Missive’s limits', async () => {
    const long = 'word '.repeat(40_000);
    const charge = await post(
      event('charge-failed', (body) => {
        Object.assign(objectOf(body), { description: long, failure_message: long });
        objectOf(body).billing_details = { email: JENNY, name: long };
      }),
    );
    expect(charge.output.markdown?.length).toBeLessThan(3000);
    expect(charge.output.markdown).toMatch(/\n- Description: (word ){99}/);

    const subscription = await post(
      event('customer-subscription-updated', (body) => {
        Object.assign(objectOf(body), { status: long });
      }),
    );
    expect(subscription.output.summary.length).toBeLessThanOrEqual(500);
    expect(subscription.output.summary).toMatch(
      /^customer\.subscription\.updated cus_\S+ word word/,
    );
    expect(subscription.output.markdown?.length).toBeLessThan(3000);
  });

  it('posts at most 20 plans of a subscription with thousands of items', async () => {
    const { output } = await post(
      event('customer-subscription-created', (body) => {
        const items = objectOf(body).items as { data: unknown[] };
        items.data = Array.from({ length: 1000 }, () => items.data[0]);
      }),
    );
    const plans = (output.markdown ?? '').split('\n').filter((line) => line.startsWith('- Plan'));
    expect(plans).toHaveLength(21);
    expect(plans.at(-1)).toBe('- Plans: 980 more');
  });

  it('takes an address longer than an email can be for no email', async () => {
    const { output, conversationByEmail } = await post(
      event('invoice-paid', (body) => {
        objectOf(body).customer_email = `${'a'.repeat(2000)}@example.com`;
      }),
    );
    expect(conversationByEmail).not.toHaveBeenCalled();
    expect(output.subject).toBe(`Stripe: ${CUSTOMER}`);
  });

  it('leaves out a hosted invoice page that is not an https URL of sensible length', async () => {
    for (const url of [
      `https://invoice.stripe.com/${'x'.repeat(200_000)}`,
      'javascript:alert(1)',
      'http://invoice.stripe.com/i/plain',
      'https://',
    ]) {
      const { output } = await post(
        event('invoice-paid', (body) => {
          objectOf(body).hosted_invoice_url = url;
        }),
      );
      expect(output.markdown).not.toContain('Hosted invoice page');
    }
  });

  it('names an event type it does not post in a short reason', async () => {
    const result = await process(
      event('charge-succeeded', (body) => {
        body.type = `x.${'y'.repeat(200_000)}`;
      }),
    );
    expect(result).toEqual({ ignored: `Stripe "x.${'y'.repeat(97)}…" events are not posted` });
  });
});

const hostile = hostileString(
  ['usd', 'jenny.rosen@example.com', 'https://invoice.stripe.com/i/x'],
  'https://invoice.stripe.com/i/',
);

describe('stripeProvider: any one string of a real event replaced (property)', () => {
  const bodies = new Map(fixtureNames.map((name) => [name, event(name)]));
  const cases = [...bodies].flatMap(([name, body]) =>
    stringPaths(body).map((path) => ({ name, path })),
  );
  // The fields the module reads.
  const read = new Set([
    ...['id', 'type', 'object', 'currency', 'customer', 'charge', 'product', 'description'],
    ...['receipt_email', 'email', 'name', 'message', 'code', 'decline_code', 'failure_code'],
    ...['failure_message', 'seller_message', 'number', 'customer_email', 'customer_name'],
    ...['hosted_invoice_url', 'nickname', 'interval', 'status', 'reason', 'feedback', 'comment'],
    'customer_email_address',
  ]);
  const anyCase = weightedCases(cases, read);

  it('ignores, refuses as unprocessable, or posts within the output schema', async () => {
    const { context: made } = context();
    await fc.assert(
      fc.asyncProperty(anyCase, hostile, async ({ name, path }, value) => {
        const payload = replaceAt(bodies.get(name), path, value);
        const empty = request({}, Buffer.from(''));
        try {
          const id = stripeProvider.eventId(payload, empty, settings);
          expect(id.length).toBeLessThanOrEqual(200);
        } catch (error) {
          expect(error).toBeInstanceOf(UnprocessableEvent);
        }
        let result: ProcessResult;
        try {
          result = await stripeProvider.process(payload, empty, made);
        } catch (error) {
          expect(error).toBeInstanceOf(UnprocessableEvent);
          expect((error as Error).message.length).toBeLessThan(1000);
          return;
        }
        if ('ignored' in result) {
          expect(result.ignored.length).toBeLessThan(1000);
          return;
        }
        integrationOutputSchema.parse(result.post);
        expectInert(result.post.markdown);
      }),
      { numRuns: 400 },
    );
  });
});

describe('stripeProvider.verify: refusing cheaply', () => {
  const body = fixture('charge-succeeded');

  it('refuses more v1 signatures than Stripe ever sends', () => {
    const v1s = Array.from({ length: 9 }, () => `v1=${sign(body)}`).join(',');
    expect(stripeProvider.verify(signedRequest(body, `t=${NOW_SECONDS},${v1s}`), SECRET)).toEqual({
      ok: false,
      reason: 'Stripe-Signature has 9 v1 signatures; Stripe sends at most two',
    });
    const eight = Array.from({ length: 8 }, () => `v1=${sign(body)}`).join(',');
    expect(stripeProvider.verify(signedRequest(body, `t=${NOW_SECONDS},${eight}`), SECRET)).toEqual(
      { ok: true },
    );
  });

  it('refuses a stale timestamp before any HMAC: a wrong secret reports the staleness', () => {
    const t = NOW_SECONDS - 3600;
    const header = `t=${t},v1=${sign(body, 'whsec_someone_else', t)}`;
    expect(stripeProvider.verify(signedRequest(body, header), SECRET)).toEqual({
      ok: false,
      reason:
        'Stripe-Signature timestamp is 3600 s old (tolerance 300 s): a replayed or delayed delivery',
    });
    const many = Array.from({ length: 500 }, () => `v1=${'0'.repeat(64)}`).join(',');
    expect(stripeProvider.verify(signedRequest(body, `t=${t},${many}`), SECRET)).toEqual({
      ok: false,
      reason:
        'Stripe-Signature timestamp is 3600 s old (tolerance 300 s): a replayed or delayed delivery',
    });
  });
});
