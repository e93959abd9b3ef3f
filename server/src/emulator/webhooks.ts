import { createHmac } from 'node:crypto';
import type { WebhookPayload } from '@crm/shared/missive/hooks';
import type { EmulatorEvent } from './handler';
import type { HookRecord } from './model';
import type { EmulatorState } from './state';
import { latestMessage, renderComment, renderConversation, renderMessage } from './views';

export interface DeliveryOptions {
  /** Waits before each retry; Missive retries 5 times over 8 minutes. */
  retryDelaysMs: readonly number[];
  /** Missive gives a receiver 15 seconds to answer. */
  timeoutMs: number;
  /** Missive disables a rule after this many failures in a row. */
  disableAfter: number;
  onError: (message: string) => void;
}

export const MISSIVE_RETRY_DELAYS_MS = [30_000, 60_000, 90_000, 120_000, 180_000] as const;

export function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Delivers events to the webhook rules created through `POST /hooks`: a
 * signed JSON POST per matching rule, retried on failure, like Missive.
 */
export class WebhookDispatcher {
  private readonly state: EmulatorState;
  private readonly options: DeliveryOptions;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(state: EmulatorState, options: DeliveryOptions) {
    this.state = state;
    this.options = options;
  }

  dispatch(event: EmulatorEvent): void {
    if (this.closed) return;
    for (const hook of this.state.data.hooks) {
      if (hook.disabled || hook.type !== event.type) continue;
      const conversation = this.state.get('conversations', event.conversation);
      if (!conversation || (hook.organization && conversation.organization !== hook.organization))
        continue;
      // The body is fixed at the event: retries resend the same bytes and signature.
      void this.attempt(hook, JSON.stringify(this.payload(hook, event)), 0);
    }
  }

  /** Stops retries and aborts deliveries under way, so a closing process is not held open. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
  }

  private payload(hook: HookRecord, event: EmulatorEvent): WebhookPayload {
    const conversation = this.state.get('conversations', event.conversation);
    if (!conversation)
      throw new Error(`conversation ${event.conversation} vanished before delivery`);
    const payload: WebhookPayload = {
      rule: { id: hook.id, description: hook.description, type: hook.type },
      conversation: renderConversation(this.state, conversation),
    };
    const message = event.message ? this.state.get('messages', event.message) : undefined;
    const comment = event.comment ? this.state.get('comments', event.comment) : undefined;
    if (message) payload.message = renderMessage(this.state, message, { withBody: true });
    if (comment) payload.comment = renderComment(this.state, comment);
    const latest = latestMessage(this.state, conversation.id);
    if (!message && latest)
      payload.latest_message = renderMessage(this.state, latest, { withBody: true });
    return payload;
  }

  private async attempt(hook: HookRecord, body: string, attempt: number): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => {
      controller.abort();
    }, this.options.timeoutMs);
    let failure: string | undefined;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Hook-Signature': signBody(hook.secret, body),
        },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer();
      if (!response.ok) failure = `answered ${response.status}`;
    } catch (error) {
      failure = controller.signal.aborted ? 'did not answer in time' : (error as Error).message;
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.closed) return;
    if (failure === undefined) {
      hook.consecutive_failures = 0;
      return;
    }
    hook.consecutive_failures += 1;
    if (hook.consecutive_failures >= this.options.disableAfter) {
      hook.disabled = true;
      this.options.onError(
        `webhook ${hook.id} disabled after ${hook.consecutive_failures} failures in a row`,
      );
      return;
    }
    const delay = this.options.retryDelaysMs[attempt];
    if (delay === undefined) {
      this.options.onError(`webhook ${hook.id} to ${hook.url} ${failure}; no retries left`);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(hook, body, attempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
