import { useId } from 'react';
import { webhookPayloadSchema } from '@crm/shared/missive/hooks';
import type { WebhookEventView } from '@crm/shared/webhook-events';
import { describeError } from '@/lib/describe-error';
import { useWebhookEvents, WEBHOOK_EVENTS_PAGE_SIZE } from '../api/get-webhook-events';
import { formatMoment } from '@/lib/format-time';
import { PageNav } from './page-nav';
import { Card } from '@/components/ui/card';

/**
 * The deliveries Missive made to /webhooks/missive that the gateway
 * accepted (signature verified) and kept, newest first: the quickest way to
 * see whether webhooks arrive at all.
 */
export function WebhookEvents({
  before,
  onPage,
}: {
  before: number | null;
  onPage: (before: number | null) => void;
}) {
  const headingId = useId();
  const events = useWebhookEvents(before);
  const list = events.data ?? [];

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Webhook events received</h2>
      <p className="operations-muted">
        Deliveries whose signature matched the server’s MISSIVE_WEBHOOK_SECRET; a redelivery of the
        same event is kept once. Refused deliveries are not listed.
      </p>
      {events.isPending ? <p>Reading webhook events…</p> : null}
      {events.isError ? (
        <p role="alert" className="error">
          The webhook events could not be read. {describeError(events.error)}
        </p>
      ) : null}
      {events.data && list.length === 0 ? (
        <p className="operations-muted">
          {before === null
            ? 'No webhook has been received yet. Register one below, then change a conversation in Missive.'
            : 'No older events.'}
        </p>
      ) : null}
      {list.length > 0 ? (
        <ol className="operations-log" aria-labelledby={headingId}>
          {list.map((event) => (
            <EventRow key={event.id} event={event} />
          ))}
        </ol>
      ) : null}
      <PageNav
        label="Webhook event pages"
        before={before}
        lastId={list.at(-1)?.id}
        full={list.length === WEBHOOK_EVENTS_PAGE_SIZE}
        onPage={onPage}
      />
    </Card>
  );
}

function EventRow({ event }: { event: WebhookEventView }) {
  const type = event.ruleType ?? 'unknown rule';
  const subject = subjectOf(event.payload);
  return (
    <li className="operations-log-item" aria-label={`${type}, ${formatMoment(event.receivedAt)}`}>
      <div className="operations-log-head">
        <strong>{type}</strong>
        <span className="operations-muted">
          {formatMoment(event.receivedAt)} · rule {event.ruleId ?? '?'}
        </span>
      </div>
      <p className="operations-log-result">
        {event.conversationId
          ? `Conversation ${subject ? `“${subject}” ` : ''}(${event.conversationId})`
          : 'No conversation named'}
      </p>
      <details>
        <summary>Payload</summary>
        <pre className="operations-payload">{JSON.stringify(event.payload, null, 2)}</pre>
      </details>
    </li>
  );
}

/** The conversation's subject, when the payload has Missive's shape (it may not: it is kept anyway). */
function subjectOf(payload: unknown): string | null {
  const parsed = webhookPayloadSchema.safeParse(payload);
  if (!parsed.success) return null;
  const { conversation } = parsed.data;
  return conversation.subject ?? conversation.latest_message_subject ?? null;
}
