import { createHash } from 'node:crypto';
import { describeZodError } from '@crm/shared/errors';
import type { Delivery, IntegrationReceipt } from '@crm/shared/integrations';
import { postInputSchema, type PostInput } from '@crm/shared/missive/posts';
import { HttpError } from '../http/http-error';
import { parseSignedJson } from '../http/json-body';
import type { IntegrationStore } from '../store/integration-store';
import type { Job } from './delivery-queue';
import { truncate } from './markdown';
import {
  integrationOutputSchema,
  UnprocessableEvent,
  type IntegrationOutput,
  type IntegrationRequest,
  type ProcessContext,
} from './provider';
import type { ActiveIntegration, IntegrationRegistry } from './registry';

/**
 * A provider's delivery, from bytes to a queued post: the provider is
 * enabled, the signature holds, the event is new, the module makes a post,
 * the post is one Missive accepts. Nothing here calls Missive, so the
 * provider has its answer long before its deadline (GitHub's is 10 s).
 */

export interface ReceiverOptions {
  registry: IntegrationRegistry;
  store: IntegrationStore;
  conversationByEmail: ProcessContext['conversationByEmail'];
  /** A delivery was queued: the worker should look. */
  onQueued: (delivery: Delivery) => void;
}

export interface Receipt {
  status: 200 | 202;
  body: IntegrationReceipt;
}

export class Receiver {
  constructor(private readonly options: ReceiverOptions) {}

  /**
   * The provider a delivery names, when it is enabled and has a secret:
   * checked before the body is read, so an unknown or disabled provider costs
   * no upload of up to 5 MB.
   */
  async admit(provider: string): Promise<ActiveIntegration> {
    const active = await this.options.registry.active(provider);
    if (!active) throw new HttpError(404, `no integration named "${provider}" is enabled here`);
    if (!active.secret) {
      throw new HttpError(401, `deliveries to "${provider}" are refused: it has no secret set`);
    }
    return active;
  }

  /** `origin`: where the gateway's own icons are served, for the post's default icon. */
  async receive(
    active: ActiveIntegration,
    request: IntegrationRequest,
    origin: string,
  ): Promise<Receipt> {
    const verdict = active.module.verify(request, active.secret ?? '');
    if (!verdict.ok) throw new HttpError(401, verdict.reason);

    const payload = parseSignedJson(request.rawBody, 'the delivery body');
    const made = await readable(async () => ({
      eventId: active.module.eventId(payload, request, active.settings),
      result: await active.module.process(payload, request, {
        settings: active.settings,
        conversationByEmail: this.options.conversationByEmail,
      }),
    }));
    if ('ignored' in made.result) {
      return { status: 200, body: { ok: true, ignored: made.result.ignored } };
    }
    const output = integrationOutputSchema.safeParse(made.result.post);
    if (!output.success) {
      // What the module made from this payload breaks a limit (a field too
      // long, say): the provider hears which, and nothing is queued.
      throw new HttpError(
        400,
        `this ${active.module.kind} event cannot be made into a post: ${describeZodError(output.error)}`,
      );
    }
    const job = jobFor(output.data, active, origin);
    const { stored, delivery } = await this.options.store.enqueue({
      provider: active.provider,
      eventId: made.eventId,
      bodyDigest: createHash('sha256').update(request.rawBody).digest('hex'),
      summary: output.data.summary,
      receivedAt: request.receivedAt,
      job,
    });
    if (!stored) return { status: 200, body: { ok: true, delivery: delivery.id, duplicate: true } };
    this.options.onQueued(delivery);
    return { status: 202, body: { ok: true, delivery: delivery.id } };
  }
}

/** A body the module cannot read is the provider's 400, with the module's reason. */
async function readable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnprocessableEvent) throw new HttpError(400, error.message);
    throw error;
  }
}

/** The module's post with the admin's settings: where it goes, who it is from, what it adds. */
export function jobFor(output: IntegrationOutput, active: ActiveIntegration, origin: string): Job {
  const { settings, module } = active;
  const username = settings.username || module.displayName;
  const attachments = output.attachments ?? (output.attachment ? [output.attachment] : undefined);
  const candidate: PostInput = {
    username,
    username_icon: settings.icon || `${origin}/assets/integrations/${module.kind}.png`,
    ...(output.text === undefined ? {} : { text: output.text }),
    ...(output.markdown === undefined ? {} : { markdown: output.markdown }),
    ...(attachments === undefined ? {} : { attachments }),
    notification: {
      title: truncate(username, 255),
      body: truncate(output.subject ?? output.summary, 1000),
    },
    // A conversation the module found (the customer's) wins over references.
    ...(output.conversation === undefined
      ? { references: output.references }
      : { conversation: output.conversation }),
    ...(output.subject === undefined ? {} : { conversation_subject: output.subject }),
    ...(output.color === undefined ? {} : { conversation_color: output.color }),
    ...(settings.organization === null ? {} : { organization: settings.organization }),
    ...(settings.team === null ? {} : { team: settings.team }),
    ...(settings.labels.length === 0 ? {} : { add_shared_labels: settings.labels }),
    reopen: settings.reopen,
  };
  const post = postInputSchema.safeParse(candidate);
  if (!post.success) {
    throw new Error(
      `the ${module.kind} module's post is not one Missive accepts: ${describeZodError(post.error)}`,
    );
  }
  return {
    post: post.data,
    ...(output.update_existing_conversation_subject && output.subject !== undefined
      ? { subject: output.subject }
      : {}),
  };
}
