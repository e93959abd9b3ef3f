import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { describeZodError } from '@crm/shared/errors';
import { webhookPayloadSchema } from '@crm/shared/missive/hooks';
import { HttpError } from '../http/http-error';
import type { Store, WebhookEvent } from '../store/types';
import { parseSignedJson } from '../http/json-body';
import { hmacSha256Matches, prefixedDigest } from '../integrations/signatures';

export interface WebhookRouteOptions {
  /** The rule's secret (MISSIVE_WEBHOOK_SECRET); unset or empty refuses every delivery. */
  secret: string | undefined;
  store: Store;
  /** Runs after Missive has its answer, once per new event (never for a redelivery). */
  onEvent: (event: WebhookEvent) => void | Promise<void>;
  /** Hears what `onEvent` (or `onSchemaMismatch`) threw: the answer is sent by then. */
  onError: (error: unknown) => void;
  /**
   * Hears about deliveries that do not match the declared payload schema.
   * They are stored anyway: Missive may add or change fields, and losing an
   * event is worse than keeping one we only partly understand.
   */
  onSchemaMismatch?: (message: string, event: WebhookEvent) => void;
  maxBytes?: number;
}

/** Reads `value[key]` without trusting `value` to be an object. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * `POST /missive`: a Missive webhook delivery. Verifies the signature over
 * the raw bytes (a re-serialised body would not match), stores the event
 * once per distinct body and answers at once: Missive gives up after 15 s
 * and retries, so the work the event triggers runs after the answer.
 */
export function createWebhookRoute(options: WebhookRouteOptions): Router {
  const { secret, store, onEvent, onError, onSchemaMismatch, maxBytes = 5 * 1024 * 1024 } = options;

  // After the answer nobody awaits these, so a throw must not become an
  // unhandled rejection that takes the process down.
  async function guarded(work: () => void | Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      onError(error);
    }
  }

  function checkSchema(event: WebhookEvent): void {
    const check = webhookPayloadSchema.safeParse(event.payload);
    if (!check.success) onSchemaMismatch?.(describeZodError(check.error), event);
  }

  const router = express.Router();
  router.post(
    '/missive',
    // Any content type: the signature covers the bytes whatever they claim to be.
    express.raw({ type: () => true, limit: maxBytes }),
    async (req, res) => {
      const received: unknown = req.body;
      // Express leaves the body undefined when the request had none.
      const raw = Buffer.isBuffer(received) ? received : Buffer.alloc(0);
      if (!secret) {
        throw new HttpError(401, 'webhooks are refused: no webhook secret is configured');
      }
      // Some deliveries prefix the hex digest with `sha256=`.
      if (!hmacSha256Matches(secret, raw, prefixedDigest(req.get('x-hook-signature')))) {
        throw new HttpError(401, 'missing or invalid X-Hook-Signature');
      }
      // Refused when nested too deep, not left to crash the parser: Missive
      // would retry a 500 for ever.
      const payload = parseSignedJson(raw, 'the webhook body');
      const { stored, event } = await store.saveWebhookEvent({
        receivedAt: Date.now(),
        // Missive resends the same bytes, so the digest identifies a redelivery.
        digest: createHash('sha256').update(raw).digest('hex'),
        ruleId: stringOrNull(field(field(payload, 'rule'), 'id')),
        ruleType: stringOrNull(field(field(payload, 'rule'), 'type')),
        conversationId: stringOrNull(field(field(payload, 'conversation'), 'id')),
        payload,
      });
      if (stored) {
        // 'close' follows the finished answer, and also a client gone early:
        // the event is stored either way, so it must still be acted on.
        res.once('close', () => {
          // Validating a large payload takes time Missive should not wait for.
          void guarded(() => {
            checkSchema(event);
          });
          void guarded(() => onEvent(event));
        });
      }
      res.json({ ok: true, duplicate: !stored });
    },
  );
  return router;
}
