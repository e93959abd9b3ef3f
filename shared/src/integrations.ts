import { z } from 'zod';
import { idSchema, linkUrlSchema, queryInt } from './missive/common';

/**
 * Inbound integrations: third-party events (GitHub, Stripe, any service that
 * signs its webhooks with an HMAC) that the gateway turns into posts in
 * Missive conversations. `POST /integrations/:provider` receives them; the
 * admin configures them at `/api/integrations`; Operations lists what was
 * delivered and what could not be (`/api/integrations/deliveries`).
 */

/** The modules a provider can be: two services the gateway knows, and a template for the rest. */
export const integrationKinds = ['github', 'stripe', 'generic'] as const;
export const integrationKindSchema = z.enum(integrationKinds);
export type IntegrationKind = z.infer<typeof integrationKindSchema>;

/**
 * A provider's name is the last segment of its delivery URL
 * (`/integrations/github`) and its icon's file name, so it is a lower-case slug.
 */
export const providerNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'must be 1 to 40 lower-case letters, digits and hyphens, starting with a letter or digit',
  );

/**
 * A generic provider's post, written in the dashboard: each field may hold
 * `{{path.to.field}}` variables, read from the delivery's JSON body.
 */
export const genericTemplateSchema = z.strictObject({
  /** One reference per line: deliveries rendering the same reference share a conversation. */
  references: z.string().trim().min(1, 'must not be empty: it decides the conversation').max(2000),
  subject: z.string().max(998).default(''),
  markdown: z.string().trim().min(1, 'must not be empty: it is the post').max(10_000),
  /** The delivery's id in the body; empty: the `X-Event-Id` header, else the body's SHA-256. */
  eventId: z.string().max(200).default(''),
  /** A colour, or a template that renders to one (e.g. `{{status_color}}`); empty: none. */
  color: z.string().max(200).default(''),
});
export type GenericTemplate = z.infer<typeof genericTemplateSchema>;

/** What an admin sets for a provider, beside its secret. */
export const integrationSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  /** Where new conversations go: the organisation, and optionally its team's inbox. */
  organization: idSchema.nullable().default(null),
  team: idSchema.nullable().default(null),
  /** Shared labels every post adds to its conversation. */
  labels: z.array(idSchema).max(20).default([]),
  /** Whether a post reopens a closed conversation (Missive's default is yes; ours is no). */
  reopen: z.boolean().default(false),
  /** The post's username; empty: the provider's own name. */
  username: z.string().trim().max(255).default(''),
  /** The post's icon; empty: the gateway's `/assets/integrations/KIND.png` (github, stripe, generic). */
  icon: z.union([linkUrlSchema, z.literal('')]).default(''),
  /** Generic providers only. */
  template: genericTemplateSchema.nullable().default(null),
});
export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

/** Where a provider's secret comes from: the dashboard (stored encrypted) or the environment. */
export const secretSourceSchema = z.enum(['dashboard', 'environment', 'none']);
export type SecretSource = z.infer<typeof secretSourceSchema>;

/** A provider as `GET /api/integrations` lists it: its secret is never sent back. */
export const integrationSchema = z.object({
  provider: providerNameSchema,
  kind: integrationKindSchema,
  settings: integrationSettingsSchema,
  secret: secretSourceSchema,
  /** The path the provider delivers to, on this gateway. */
  deliveryPath: z.string(),
  updatedAt: z.number().nullable(),
  updatedBy: z.string().nullable(),
});
export type Integration = z.infer<typeof integrationSchema>;

export const integrationListResponse = z.object({ integrations: z.array(integrationSchema) });

/**
 * `PUT /api/integrations/:provider`. `secret`: a new secret; absent keeps the
 * stored one. A new generic provider is created by putting its name with
 * `kind: "generic"`.
 */
export const integrationUpdateBody = z.strictObject({
  kind: integrationKindSchema,
  settings: integrationSettingsSchema,
  secret: z
    .string()
    .min(16, 'must be at least 16 characters: it is all that stands between the URL and a post')
    .max(512)
    .optional(),
});
export type IntegrationUpdate = z.infer<typeof integrationUpdateBody>;
export const integrationResponse = z.object({ integration: integrationSchema });

export const deliveryStatuses = ['queued', 'sending', 'sent', 'dead'] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/** One event a provider delivered, from acceptance to its post (or the dead-letter list). */
export const deliverySchema = z.object({
  id: z.number(),
  provider: z.string(),
  /** The provider's own id of the event (GitHub's delivery id, Stripe's `evt_…`). */
  eventId: z.string(),
  /** What happened, in a line: "issues.opened octo/repo#12". */
  summary: z.string(),
  receivedAt: z.number(),
  status: deliveryStatusSchema,
  /** Tries at posting so far. */
  attempts: z.number(),
  /** When the next try is due (queued), in ms since the epoch. */
  nextAttemptAt: z.number().nullable(),
  /** Why the last try failed. */
  lastError: z.string().nullable(),
  /** The post and its conversation, once sent. */
  postId: z.string().nullable(),
  conversationId: z.string().nullable(),
  sentAt: z.number().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryListQuery = z.strictObject({
  status: deliveryStatusSchema.optional(),
  limit: queryInt(1, 500).optional(),
  /** Only deliveries older than this id: the `id` of the last one of the previous page. */
  before: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
});

export const deliveryListResponse = z.object({
  deliveries: z.array(deliverySchema),
  /** How many deliveries are in each state, over all providers. */
  counts: z.record(deliveryStatusSchema, z.number()),
});
export const deliveryResponse = z.object({ delivery: deliverySchema });

/** What `POST /integrations/:provider` answers the provider. */
export const integrationReceiptSchema = z.object({
  ok: z.literal(true),
  /** The queued delivery; absent when the event was ignored. */
  delivery: z.number().optional(),
  /** The event was delivered before: nothing new was queued. */
  duplicate: z.boolean().optional(),
  /** Why nothing will be posted (a ping, an event the provider does not post). */
  ignored: z.string().optional(),
});
export type IntegrationReceipt = z.infer<typeof integrationReceiptSchema>;
