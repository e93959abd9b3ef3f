import { z } from 'zod';
import type { IntegrationKind, IntegrationSettings } from '@crm/shared/integrations';
import { postAttachmentSchema } from '@crm/shared/missive/posts';
import { conversationColorSchema, idSchema } from '@crm/shared/missive/common';

/**
 * What an inbound provider is: one module per service, in the shape of
 * Missive's own hosted integrations (webhook-integrations.txt). The gateway
 * calls `verify` on the raw bytes, then `eventId` and `process` on the parsed
 * body, and turns what `process` returns into a `POST /posts`.
 */

/** A delivery as a provider module sees it: read-only, body already verified and parsed. */
export interface IntegrationRequest {
  /** A request header, case-insensitive; undefined when absent. */
  header: (name: string) => string | undefined;
  /** The body exactly as received: signatures cover these bytes. */
  rawBody: Buffer;
  /** Milliseconds since the epoch, for timestamp tolerances. */
  receivedAt: number;
}

/** `verify`'s verdict; `reason` is what the provider is answered with the 401. */
export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * What `process` returns: Missive's integration shape, checked before it is
 * queued. `references` put every event about one thing (an issue, a
 * customer) in one conversation.
 */
export const integrationOutputSchema = z
  .strictObject({
    references: z.array(z.string().trim().min(1).max(998)).min(1).max(100),
    /** Post into this conversation (found by the module, e.g. by the customer's email). */
    conversation: idSchema.optional(),
    text: z.string().max(100_000).optional(),
    markdown: z.string().max(100_000).optional(),
    attachment: postAttachmentSchema.optional(),
    attachments: z.array(postAttachmentSchema).max(100).optional(),
    /** The subject of a new conversation (or of one without a subject). */
    subject: z.string().max(998).optional(),
    /** Set the subject on an existing conversation too. */
    update_existing_conversation_subject: z.boolean().optional(),
    color: conversationColorSchema.optional(),
    /** One line for the dead-letter list and the notification: "issues.opened octo/repo#1". */
    summary: z.string().max(500),
  })
  .refine(
    (output) =>
      Boolean(output.text ?? output.markdown ?? output.attachment ?? output.attachments?.length),
    'an integration post needs text, markdown, attachment or attachments',
  );
export type IntegrationOutput = z.infer<typeof integrationOutputSchema>;

/** `process`'s answer: a post, or why this event posts nothing (a ping, an action not covered). */
export type ProcessResult = { post: IntegrationOutput } | { ignored: string };

/** What a module may look up while processing; local, never a Missive call. */
export interface ProcessContext {
  settings: IntegrationSettings;
  /** The newest conversation the mirror knows with this email address among its participants. */
  conversationByEmail: (email: string) => Promise<string | undefined>;
}

/** A provider's input is not what its module understands: answered 400, nothing queued. */
export class UnprocessableEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableEvent';
  }
}

export interface ProviderModule {
  kind: IntegrationKind;
  /** The post's username unless the admin sets one (Missive uses the class name). */
  displayName: string;
  /** The provider's signature over the raw body, with `secret`; stale timestamps fail too. */
  verify: (request: IntegrationRequest, secret: string) => Verdict;
  /**
   * The provider's id for this event, which makes redeliveries one post.
   * Throws UnprocessableEvent when the delivery carries none.
   */
  eventId: (payload: unknown, request: IntegrationRequest, settings: IntegrationSettings) => string;
  /** Throws UnprocessableEvent for a body it cannot read. */
  process: (
    payload: unknown,
    request: IntegrationRequest,
    context: ProcessContext,
  ) => ProcessResult | Promise<ProcessResult>;
}
