import { createHash } from 'node:crypto';
import { describeZodError } from '@crm/shared/errors';
import type { GenericTemplate } from '@crm/shared/integrations';
import { conversationColorSchema } from '@crm/shared/missive/common';
import {
  integrationOutputSchema,
  UnprocessableEvent,
  type IntegrationOutput,
  type IntegrationRequest,
  type ProviderModule,
  type Verdict,
} from '../provider';
import { oneLine, templateValue, truncate } from '../markdown';
import { hmacSha256Matches, prefixedDigest } from '../signatures';
import { renderTemplate } from '../template';

/**
 * Any service that signs its webhooks with an HMAC-SHA256 of the body: its
 * post is the admin's template (`GenericTemplate`), its variables read from
 * the delivery's JSON. The template's markdown is the admin's own; the
 * values put into it are the sender's text, escaped where they land
 * (`templateValue`): they cannot make HTML, images, links or headings. The
 * references, subject, colour and event id are not markdown and take the
 * values as they are.
 */

const SIGNATURE_HEADER = 'X-Signature-256';
const EVENT_ID_HEADER = 'X-Event-Id';
const SUMMARY_MAX_CHARS = 120;
const SUBJECT_MAX_CHARS = 998;
// Event ids are stored and compared to find redeliveries; GitHub's are capped alike.
const EVENT_ID_MAX_CHARS = 200;

function verifyGenericSignature(request: IntegrationRequest, secret: string): Verdict {
  const header = request.header(SIGNATURE_HEADER);
  if (!header?.trim()) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  const digest = prefixedDigest(header);
  if (digest === undefined) {
    return {
      ok: false,
      reason: `${SIGNATURE_HEADER} is not "sha256=" followed by 64 hex digits (the HMAC-SHA256 of the body)`,
    };
  }
  return hmacSha256Matches(secret, request.rawBody, digest)
    ? { ok: true }
    : { ok: false, reason: `${SIGNATURE_HEADER} does not match the body: check the secret` };
}

function requireTemplate(template: GenericTemplate | null): GenericTemplate {
  if (!template) {
    throw new UnprocessableEvent('this provider has no template: write one in the dashboard');
  }
  return template;
}

function firstLine(text: string): string | undefined {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .find((line) => line !== '');
}

function renderPost(template: GenericTemplate, payload: unknown): IntegrationOutput {
  const references = [
    ...new Set(
      renderTemplate(template.references, payload)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
  if (references.length === 0) {
    throw new UnprocessableEvent(
      'the references template rendered no reference for this delivery: every variable in it was empty',
    );
  }
  const markdown = renderTemplate(template.markdown, payload, templateValue).trim();
  if (!markdown) {
    throw new UnprocessableEvent(
      'the markdown template rendered nothing for this delivery: every variable in it was empty',
    );
  }
  // A subject is one line: a value with line breaks would otherwise split it.
  // A long one is cut: it is a conversation's title, and the post still reads.
  const subject = truncate(oneLine(renderTemplate(template.subject, payload)), SUBJECT_MAX_CHARS);
  const color = renderTemplate(template.color, payload).trim();
  if (color && !conversationColorSchema.safeParse(color).success) {
    throw new UnprocessableEvent(
      `the color template rendered "${truncate(color, 40)}": it must render a hex colour such as "#2266ED", one of good, warning, danger, or nothing`,
    );
  }
  return {
    references,
    ...(subject ? { subject } : {}),
    markdown,
    ...(color ? { color } : {}),
    // Plain text, so the values as they are rather than escaped.
    summary: truncate(
      firstLine(subject) ??
        firstLine(renderTemplate(template.markdown, payload)) ??
        references[0] ??
        '',
      SUMMARY_MAX_CHARS,
    ),
  };
}

function checkedEventId(id: string, source: string): string {
  if (id.length > EVENT_ID_MAX_CHARS) {
    throw new UnprocessableEvent(
      `${source} gave an event id longer than ${EVENT_ID_MAX_CHARS} characters`,
    );
  }
  return id;
}

export const genericProvider: ProviderModule = {
  kind: 'generic',
  displayName: 'Webhook',
  verify: verifyGenericSignature,

  eventId(payload, request, settings) {
    const template = settings.template?.eventId.trim();
    if (template) {
      const id = renderTemplate(template, payload).trim();
      if (!id) {
        throw new UnprocessableEvent(
          `the event id template "${template}" rendered nothing for this delivery`,
        );
      }
      return checkedEventId(id, `the event id template "${template}"`);
    }
    const header = request.header(EVENT_ID_HEADER)?.trim();
    if (header) return checkedEventId(header, `the ${EVENT_ID_HEADER} header`);
    // Without an id, the same bytes delivered twice are the same event.
    return createHash('sha256').update(request.rawBody).digest('hex');
  },

  process(payload, _request, context) {
    const post = renderPost(requireTemplate(context.settings.template), payload);
    // The rendered values come from the delivery and can be any size: a post
    // past Missive's limits is the delivery's fault, answered 400, not ours.
    const checked = integrationOutputSchema.safeParse(post);
    if (!checked.success) {
      throw new UnprocessableEvent(
        `the template rendered a post Missive would refuse: ${describeZodError(checked.error)}`,
      );
    }
    return { post: checked.data };
  },
};
