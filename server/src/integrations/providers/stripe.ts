import { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';
import { escapeMarkdown, inline, link, oneLine, truncate } from '../markdown';
import { digestEquals, hmacSha256 } from '../signatures';
import {
  UnprocessableEvent,
  type IntegrationRequest,
  type ProcessContext,
  type ProcessResult,
  type ProviderModule,
  type Verdict,
} from '../provider';

/**
 * Stripe's webhook events as posts: payments, charges, invoices,
 * subscriptions and disputes, each in the conversation of the customer it is
 * about. Stripe signs `${t}.${body}` and sends `Stripe-Signature:
 * t=<seconds>,v1=<hex>`; the event itself is `{id, type, livemode, data:
 * {object, previous_attributes?}}`.
 */

/**
 * How far the signed timestamp may be from the delivery, either way: Stripe's
 * own libraries allow five minutes. Beyond it a valid signature is a replay.
 */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Stripe sends one v1 signature, two while a secret is rolled. More are a
 * forger's way to make the gateway compare for nothing; a few spare are kept.
 */
const MAX_V1_SIGNATURES = 8;

function verifyStripeSignature(request: IntegrationRequest, secret: string): Verdict {
  if (!secret) return { ok: false, reason: 'no Stripe signing secret is configured' };
  const header = request.header('stripe-signature')?.trim();
  if (!header) return { ok: false, reason: 'missing Stripe-Signature header' };

  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const equals = item.indexOf('=');
    if (equals === -1) continue;
    const key = item.slice(0, equals).trim();
    const value = item.slice(equals + 1).trim();
    if (key === 't') timestamp = value;
    else if (key === 'v1') signatures.push(value);
    // v0 and any later scheme are not HMAC-SHA256 under this secret: skipped, as Stripe's libraries do.
  }
  if (timestamp === undefined) {
    return { ok: false, reason: 'Stripe-Signature has no timestamp (t=…)' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return {
      ok: false,
      reason: `Stripe-Signature timestamp "${timestamp.slice(0, 20)}" is not Unix seconds`,
    };
  }
  if (signatures.length === 0) {
    return { ok: false, reason: 'Stripe-Signature has no v1 signature' };
  }

  // Checked before any HMAC: a stale or far-off timestamp costs no pass over the body.
  const age = Math.trunc(request.receivedAt / 1000) - Number(timestamp);
  const tolerance = STRIPE_SIGNATURE_TOLERANCE_SECONDS;
  if (age > tolerance) {
    return {
      ok: false,
      reason: `Stripe-Signature timestamp is ${age} s old (tolerance ${tolerance} s): a replayed or delayed delivery`,
    };
  }
  if (-age > tolerance) {
    return {
      ok: false,
      reason: `Stripe-Signature timestamp is ${-age} s in the future (tolerance ${tolerance} s): a clock is wrong, Stripe's or this server's`,
    };
  }

  if (signatures.length > MAX_V1_SIGNATURES) {
    return {
      ok: false,
      reason: `Stripe-Signature has ${signatures.length} v1 signatures; Stripe sends at most two`,
    };
  }
  // The bytes as received, not a re-decoded string: a signature covers bytes.
  // One HMAC, compared with each v1: while a secret is rolled, Stripe signs
  // with the old and the new.
  const expected = hmacSha256(
    secret,
    Buffer.concat([Buffer.from(`${timestamp}.`), request.rawBody]),
  );
  if (!signatures.some((signature) => digestEquals(expected, signature))) {
    return {
      ok: false,
      reason: 'no v1 signature in Stripe-Signature matches the body: check the secret',
    };
  }
  return { ok: true };
}

// ---- Reading the event ---------------------------------------------------

const typeOnlySchema = z.looseObject({
  type: z.string({ error: 'must be the event type, such as "charge.succeeded"' }).min(1),
});

const envelopeSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  livemode: z.boolean(),
  data: z.looseObject({
    object: z.looseObject({}),
    previous_attributes: z.looseObject({}).optional(),
  }),
});
type Envelope = z.infer<typeof envelopeSchema>;

/**
 * The id of an object this module posts about: it names conversations
 * (`stripe:customer:cus_…`) and dashboard links. Stripe's ids are a prefix
 * and an alphanumeric key, at most 255 characters; anything else did not come
 * from Stripe and is refused rather than cut into another customer's id.
 */
const STRIPE_ID_MAX_CHARS = 255;
const objectIdSchema = z
  .string()
  .min(1)
  .max(STRIPE_ID_MAX_CHARS, `is longer than ${STRIPE_ID_MAX_CHARS} characters: not a Stripe id`)
  .regex(/^[\x21-\x7e]*$/, 'has characters no Stripe id has (spaces, controls or non-ASCII)');
/**
 * A field Stripe may expand into the object it names (`customer`, `charge`…),
 * read as the id either way.
 */
const expandableSchema = z
  .union([z.string(), z.looseObject({ id: z.string() })], {
    error: 'must be a Stripe id or an object with one',
  })
  .transform((ref) => (typeof ref === 'string' ? ref : ref.id))
  .pipe(objectIdSchema);
/** A product is only shown, never linked or referenced: any id, cut to fit. */
const productSchema = z.union([
  z.string().min(1),
  z.looseObject({ id: z.string().min(1), name: z.string().nullish() }),
]);
const amountSchema = z.number().int('must be a whole number of the currency’s smallest unit');
const currencySchema = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'must be a three-letter ISO currency code such as "usd"');
const optionalText = z.string().nullish();
// Up to the last second of 9999: a date `toISOString` can write (a larger one throws).
const unixSeconds = z.number().int().min(0).max(253_402_300_799).nullish();

function objectSchema<const T extends string>(objectType: T) {
  return z.looseObject({
    object: z.literal(objectType, { error: `must be "${objectType}" for this event type` }),
    id: objectIdSchema,
  });
}

const paymentIntentSchema = objectSchema('payment_intent').extend({
  amount: amountSchema,
  amount_received: amountSchema.nullish(),
  currency: currencySchema,
  customer: expandableSchema.nullish(),
  description: optionalText,
  receipt_email: optionalText,
  last_payment_error: z
    .looseObject({
      message: optionalText,
      code: optionalText,
      decline_code: optionalText,
      // Expanded in payment_failed events: the card's billing details name the payer.
      payment_method: z
        .looseObject({ billing_details: z.looseObject({ email: optionalText }).nullish() })
        .nullish(),
    })
    .nullish(),
});

const chargeSchema = objectSchema('charge').extend({
  amount: amountSchema,
  amount_refunded: amountSchema.nullish(),
  currency: currencySchema,
  customer: expandableSchema.nullish(),
  description: optionalText,
  receipt_email: optionalText,
  billing_details: z.looseObject({ email: optionalText, name: optionalText }).nullish(),
  failure_code: optionalText,
  failure_message: optionalText,
  outcome: z.looseObject({ seller_message: optionalText }).nullish(),
});

const invoiceSchema = objectSchema('invoice').extend({
  number: optionalText,
  amount_due: amountSchema,
  amount_paid: amountSchema,
  currency: currencySchema,
  customer: expandableSchema.nullish(),
  customer_email: optionalText,
  customer_name: optionalText,
  hosted_invoice_url: optionalText,
  attempt_count: z.number().int().nullish(),
  next_payment_attempt: unixSeconds,
});

const priceSchema = z.looseObject({
  nickname: optionalText,
  product: productSchema.nullish(),
  unit_amount: amountSchema.nullish(),
  currency: currencySchema,
  recurring: z.looseObject({ interval: z.string(), interval_count: z.number().int() }).nullish(),
});

const subscriptionSchema = objectSchema('subscription').extend({
  status: z.string().min(1),
  customer: expandableSchema.nullish(),
  cancel_at_period_end: z.boolean().nullish(),
  cancel_at: unixSeconds,
  trial_end: unixSeconds,
  cancellation_details: z
    .looseObject({ reason: optionalText, feedback: optionalText, comment: optionalText })
    .nullish(),
  items: z.looseObject({
    data: z.array(z.looseObject({ quantity: z.number().int().nullish(), price: priceSchema })),
  }),
});

const subscriptionChangesSchema = z.looseObject({ status: z.string().optional() });

const disputeSchema = objectSchema('dispute').extend({
  amount: amountSchema,
  currency: currencySchema,
  charge: expandableSchema,
  reason: z.string().min(1),
  status: z.string().min(1),
  evidence: z.looseObject({ customer_email_address: optionalText }).nullish(),
  evidence_details: z.looseObject({ due_by: unixSeconds }).nullish(),
});

function parseObject<T extends z.ZodType>(schema: T, event: Envelope): z.infer<T> {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) {
    throw new UnprocessableEvent(
      `Stripe "${event.type}" event: ${describeZodError(parsed.error, 'data.object')}`,
    );
  }
  return parsed.data;
}

// ---- Formatting ------------------------------------------------------------

// Stripe's amounts are in the currency's smallest unit, and Stripe's list of
// which currencies have none or three decimals is its own, not ISO 4217's
// (https://docs.stripe.com/currencies#zero-decimal): ISK, for one, is still
// two-decimal in the API.
const ZERO_DECIMAL_CURRENCIES = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const THREE_DECIMAL_CURRENCIES = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** `1099, "usd"` → `$10.99`; `500, "jpy"` → `¥500`. */
export function formatStripeAmount(amount: number, currency: string): string {
  const code = currency.toLowerCase();
  const decimals = ZERO_DECIMAL_CURRENCIES.has(code)
    ? 0
    : THREE_DECIMAL_CURRENCIES.has(code)
      ? 3
      : 2;
  // A fixed locale: the post is read by a whole team, and tests need one answer.
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: code.toUpperCase(),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(amount / 10 ** decimals);
}

function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/** Stripe's codes (`warning_needs_response`) as words. */
function words(code: string): string {
  return code.replaceAll('_', ' ');
}

// RFC 5321's limit on an address: a longer "email" is not one, and is not looked up.
const EMAIL_MAX_CHARS = 254;

function emailIn(...candidates: (string | null | undefined)[]): string | undefined {
  return candidates
    .map((value) => value?.trim())
    .find((value) => value && value.length <= EMAIL_MAX_CHARS && /^\S+@\S+$/.test(value));
}

function nonEmpty(...candidates: (string | null | undefined)[]): string | undefined {
  return candidates.map((value) => value?.trim()).find((value) => value);
}

/** How much of a customer's or merchant's text (a description, a comment) a post shows. */
const DETAIL_MAX_CHARS = 500;
const NAME_MAX_CHARS = 200;
const FIGURE_MAX_CHARS = 100;
/** Stripe allows 20 items on a subscription: more are listed as a count. */
const MAX_PLANS = 20;
const SUBJECT_MAX_CHARS = 998;
const SUMMARY_MAX_CHARS = 500;
const EVENT_ID_MAX_CHARS = 200;
const URL_MAX_CHARS = 2048;

type Color = 'good' | 'warning' | 'danger';

/**
 * What an event says, before it is laid out as a post. Ids, email, name and
 * figure are plain text (they also make the references, subject and
 * summary); headline and details are markdown, every payload value in them
 * already escaped.
 */
interface Described {
  objectType: string;
  objectId: string;
  customerId?: string;
  email?: string;
  name?: string;
  /** What happened, as markdown: "Payment failed". */
  headline: string;
  /** The amount (or a subscription's status) beside the headline and in the summary. */
  figure: string;
  /** Markdown lines, payload values escaped. */
  details: string[];
  /** Where the object is in the dashboard: `https://dashboard.stripe.com/[test/]<section>/<id>`. */
  dashboardSection: string;
  /** "payment", "invoice": the link reads "Open the payment in Stripe". */
  noun: string;
  color: Color;
}

function reasonLine(...candidates: (string | null | undefined)[]): string[] {
  const reason = nonEmpty(...candidates);
  return reason ? [`Reason: ${inline(reason, DETAIL_MAX_CHARS)}`] : [];
}

function descriptionLine(description: string | null | undefined): string[] {
  const text = nonEmpty(description);
  return text ? [`Description: ${inline(text, DETAIL_MAX_CHARS)}`] : [];
}

/** A Stripe page the customer is sent to: only an https URL of sensible length, else nothing. */
function httpsUrl(text: string | undefined): string | undefined {
  if (!text || text.length > URL_MAX_CHARS || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'https:' && url.hostname ? url.href : undefined;
}

function describePaymentIntent(event: Envelope): Described {
  const intent = parseObject(paymentIntentSchema, event);
  const succeeded = event.type === 'payment_intent.succeeded';
  const error = intent.last_payment_error;
  return {
    objectType: 'payment_intent',
    objectId: intent.id,
    customerId: intent.customer ?? undefined,
    email: emailIn(intent.receipt_email, error?.payment_method?.billing_details?.email),
    headline: succeeded ? 'Payment succeeded' : 'Payment failed',
    figure: formatStripeAmount(
      succeeded ? intent.amount_received || intent.amount : intent.amount,
      intent.currency,
    ),
    details: [
      ...(succeeded ? [] : reasonLine(error?.message, error?.decline_code, error?.code)),
      ...descriptionLine(intent.description),
    ],
    dashboardSection: 'payments',
    noun: 'payment',
    color: succeeded ? 'good' : 'danger',
  };
}

function describeCharge(event: Envelope): Described {
  const charge = parseObject(chargeSchema, event);
  const amount = formatStripeAmount(charge.amount, charge.currency);
  const refunded = charge.amount_refunded ?? 0;
  const base = {
    objectType: 'charge',
    objectId: charge.id,
    customerId: charge.customer ?? undefined,
    email: emailIn(charge.billing_details?.email, charge.receipt_email),
    name: nonEmpty(charge.billing_details?.name),
    dashboardSection: 'payments',
    noun: 'payment',
  };
  const describedAs = descriptionLine(charge.description);
  if (event.type === 'charge.succeeded') {
    return {
      ...base,
      headline: 'Charge succeeded',
      figure: amount,
      details: describedAs,
      color: 'good',
    };
  }
  if (event.type === 'charge.failed') {
    return {
      ...base,
      headline: 'Charge failed',
      figure: amount,
      details: [
        ...reasonLine(charge.failure_message, charge.outcome?.seller_message, charge.failure_code),
        ...describedAs,
      ],
      color: 'danger',
    };
  }
  // A partial refund leaves a customer who paid something: say how much of it came back.
  const partial = refunded > 0 && refunded < charge.amount;
  return {
    ...base,
    headline: partial ? 'Charge partly refunded' : 'Charge refunded',
    figure: partial ? `${formatStripeAmount(refunded, charge.currency)} of ${amount}` : amount,
    details: describedAs,
    color: 'warning',
  };
}

function describeInvoice(event: Envelope): Described {
  const invoice = parseObject(invoiceSchema, event);
  const paid = event.type === 'invoice.paid';
  const number = nonEmpty(invoice.number);
  const title = number ? `Invoice ${inline(number, NAME_MAX_CHARS)}` : 'Invoice';
  const details: string[] = [];
  if (!paid) {
    const attempt = invoice.attempt_count ? `Attempt ${invoice.attempt_count}` : 'Payment attempt';
    details.push(
      invoice.next_payment_attempt
        ? `${attempt} failed; Stripe tries again on ${formatDate(invoice.next_payment_attempt)}`
        : `${attempt} failed; no retry is scheduled`,
    );
  }
  // Stripe's hosted page is the customer's view of the invoice: agents send it on.
  const hosted = httpsUrl(nonEmpty(invoice.hosted_invoice_url));
  if (hosted) details.push(link('Hosted invoice page', hosted));
  return {
    objectType: 'invoice',
    objectId: invoice.id,
    customerId: invoice.customer ?? undefined,
    email: emailIn(invoice.customer_email),
    name: nonEmpty(invoice.customer_name),
    headline: paid ? `${title} paid` : `${title} payment failed`,
    figure: formatStripeAmount(paid ? invoice.amount_paid : invoice.amount_due, invoice.currency),
    details,
    dashboardSection: 'invoices',
    noun: 'invoice',
    color: paid ? 'good' : 'danger',
  };
}

function describePrice(item: z.infer<typeof subscriptionSchema>['items']['data'][number]): string {
  const { price } = item;
  const product = price.product;
  const label =
    nonEmpty(
      price.nickname,
      typeof product === 'object' ? product?.name : undefined,
      typeof product === 'object' ? product?.id : product,
    ) ?? 'a price';
  const quantity = item.quantity && item.quantity > 1 ? ` × ${item.quantity}` : '';
  const name = inline(label, NAME_MAX_CHARS);
  if (price.unit_amount === null || price.unit_amount === undefined) return `${name}${quantity}`;
  const amount = formatStripeAmount(price.unit_amount, price.currency);
  const recurring = price.recurring;
  const interval = recurring ? inline(recurring.interval, FIGURE_MAX_CHARS) : '';
  const per = !recurring
    ? ''
    : recurring.interval_count === 1
      ? ` / ${interval}`
      : ` / ${recurring.interval_count} ${interval}s`;
  return `${name}, ${amount}${per}${quantity}`;
}

const HEALTHY_SUBSCRIPTIONS = new Set(['active', 'trialing']);
const LOST_SUBSCRIPTIONS = new Set(['past_due', 'unpaid', 'canceled', 'incomplete_expired']);

function describeSubscription(event: Envelope): Described {
  const subscription = parseObject(subscriptionSchema, event);
  const previous = subscriptionChangesSchema.safeParse(event.data.previous_attributes ?? {});
  const previousStatus = previous.success ? previous.data.status : undefined;
  const { status } = subscription;
  const details: string[] = [];
  if (previousStatus && previousStatus !== status) {
    details.push(
      `Status: ${inline(words(status), FIGURE_MAX_CHARS)} (was ${inline(words(previousStatus), FIGURE_MAX_CHARS)})`,
    );
  }
  const cancelling = subscription.cancel_at_period_end === true && status !== 'canceled';
  if (cancelling) {
    details.push(
      subscription.cancel_at
        ? `Cancels at the end of the period, on ${formatDate(subscription.cancel_at)}`
        : 'Cancels at the end of the period',
    );
  }
  if (status === 'trialing' && subscription.trial_end) {
    details.push(`Trial ends on ${formatDate(subscription.trial_end)}`);
  }
  const cancellation = subscription.cancellation_details;
  const why = [cancellation?.reason, cancellation?.feedback]
    .map((code) => nonEmpty(code))
    .filter((code) => code !== undefined)
    .map((code) => inline(words(code), FIGURE_MAX_CHARS));
  if (status === 'canceled' && why.length) details.push(`Cancellation: ${why.join(', ')}`);
  const comment = nonEmpty(cancellation?.comment);
  if (status === 'canceled' && comment) {
    details.push(`Comment: ${inline(comment, DETAIL_MAX_CHARS)}`);
  }
  const items = subscription.items.data;
  details.push(...items.slice(0, MAX_PLANS).map((item) => `Plan: ${describePrice(item)}`));
  if (items.length > MAX_PLANS) {
    details.push(`Plans: ${(items.length - MAX_PLANS).toLocaleString('en-US')} more`);
  }

  const headline =
    event.type === 'customer.subscription.created'
      ? 'Subscription created'
      : event.type === 'customer.subscription.deleted'
        ? 'Subscription canceled'
        : 'Subscription updated';
  // A subscription set to end is still paid for, but it is a customer about to leave.
  const color: Color =
    event.type === 'customer.subscription.deleted' || LOST_SUBSCRIPTIONS.has(status)
      ? 'danger'
      : HEALTHY_SUBSCRIPTIONS.has(status) && !cancelling
        ? 'good'
        : 'warning';
  return {
    objectType: 'subscription',
    objectId: subscription.id,
    customerId: subscription.customer ?? undefined,
    headline,
    figure: truncate(oneLine(words(status)), FIGURE_MAX_CHARS),
    details,
    dashboardSection: 'subscriptions',
    noun: 'subscription',
    color,
  };
}

function describeDispute(event: Envelope): Described {
  const dispute = parseObject(disputeSchema, event);
  const created = event.type === 'charge.dispute.created';
  const details = [
    `Reason: ${inline(words(dispute.reason), FIGURE_MAX_CHARS)}`,
    `Status: ${inline(words(dispute.status), FIGURE_MAX_CHARS)}`,
  ];
  const dueBy = dispute.evidence_details?.due_by;
  if (created && dueBy) details.push(`Evidence due by ${formatDate(dueBy)}`);
  details.push(`Disputed charge: ${inline(dispute.charge)}`);
  // A closed dispute is money kept or lost; an inquiry closes as a warning.
  const color: Color = created
    ? 'danger'
    : dispute.status === 'won'
      ? 'good'
      : dispute.status === 'lost'
        ? 'danger'
        : 'warning';
  return {
    objectType: 'dispute',
    objectId: dispute.id,
    email: emailIn(dispute.evidence?.customer_email_address),
    headline: created ? 'Dispute opened' : 'Dispute closed',
    figure: formatStripeAmount(dispute.amount, dispute.currency),
    details,
    dashboardSection: 'disputes',
    noun: 'dispute',
    color,
  };
}

const describers: Record<string, (event: Envelope) => Described> = {
  'payment_intent.succeeded': describePaymentIntent,
  'payment_intent.payment_failed': describePaymentIntent,
  'charge.succeeded': describeCharge,
  'charge.failed': describeCharge,
  'charge.refunded': describeCharge,
  'invoice.paid': describeInvoice,
  'invoice.payment_failed': describeInvoice,
  'customer.subscription.created': describeSubscription,
  'customer.subscription.updated': describeSubscription,
  'customer.subscription.deleted': describeSubscription,
  'charge.dispute.created': describeDispute,
  'charge.dispute.closed': describeDispute,
};

/** The event types posted; any other is answered as ignored. */
export const stripeEventTypes = Object.keys(describers);

function markdownOf(described: Described, livemode: boolean): string {
  const mode = livemode ? '' : ' · test mode';
  const who = [
    described.name === undefined ? undefined : inline(described.name, NAME_MAX_CHARS),
    described.email === undefined ? undefined : inline(described.email),
    described.customerId === undefined ? undefined : inline(described.customerId),
  ].filter(Boolean);
  const details = [...(who.length ? [`Customer: ${who.join(' · ')}`] : []), ...described.details];
  const dashboard = `https://dashboard.stripe.com/${livemode ? '' : 'test/'}${described.dashboardSection}/${encodeURIComponent(described.objectId)}`;
  return [
    `**${described.headline}** · ${escapeMarkdown(described.figure)}${mode}`,
    '',
    ...details.map((detail) => `- ${detail}`),
    '',
    link(`Open the ${described.noun} in Stripe`, dashboard),
  ].join('\n');
}

async function processStripeEvent(
  payload: unknown,
  _request: IntegrationRequest,
  context: ProcessContext,
): Promise<ProcessResult> {
  const typed = typeOnlySchema.safeParse(payload);
  if (!typed.success) {
    throw new UnprocessableEvent(`not a Stripe event: ${describeZodError(typed.error)}`);
  }
  const { type } = typed.data;
  const describe = Object.hasOwn(describers, type) ? describers[type] : undefined;
  if (!describe) return { ignored: `Stripe "${truncate(type, 100)}" events are not posted` };

  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) {
    throw new UnprocessableEvent(`Stripe "${type}" event: ${describeZodError(envelope.error)}`);
  }
  const event = envelope.data;
  const described = describe(event);

  const conversation = described.email
    ? await context.conversationByEmail(described.email)
    : undefined;
  // One reference per customer puts all their events in one conversation;
  // an object without a customer (a guest's payment, a dispute) has its own.
  const reference = described.customerId
    ? `stripe:customer:${described.customerId}`
    : `stripe:${described.objectType}:${described.objectId}`;
  const who = described.customerId ?? described.email ?? described.objectId;
  return {
    post: {
      references: [reference],
      // The customer's own conversation already has its subject: only a new one gets ours.
      ...(conversation
        ? { conversation }
        : {
            subject: truncate(
              oneLine(
                `Stripe: ${described.email ?? described.customerId ?? `${described.objectType} ${described.objectId}`}`,
              ),
              SUBJECT_MAX_CHARS,
            ),
          }),
      markdown: markdownOf(described, event.livemode),
      color: described.color,
      summary: truncate(oneLine(`${event.type} ${who} ${described.figure}`), SUMMARY_MAX_CHARS),
    },
  };
}

const eventIdSchema = z.looseObject({ id: z.string().trim().min(1) });

export const stripeProvider: ProviderModule = {
  kind: 'stripe',
  displayName: 'Stripe',
  verify: verifyStripeSignature,
  eventId: (payload) => {
    const parsed = eventIdSchema.safeParse(payload);
    if (!parsed.success) {
      throw new UnprocessableEvent(
        'a Stripe event carries its id ("evt_…") in "id": this body has none',
      );
    }
    const { id } = parsed.data;
    if (id.length > EVENT_ID_MAX_CHARS) {
      throw new UnprocessableEvent(
        `a Stripe event id is at most ${EVENT_ID_MAX_CHARS} characters ("evt_…"): this one has ${id.length}`,
      );
    }
    return id;
  },
  process: processStripeEvent,
};
