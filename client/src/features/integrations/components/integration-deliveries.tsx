import { Fragment, useId } from 'react';
import {
  deliveryStatuses,
  deliveryStatusSchema,
  type Delivery,
  type DeliveryStatus,
} from '@crm/shared/integrations';
import { FilterSelect } from '../../../components/filter-select';
import { WriteStatus } from '../../../components/write-status';
import { describeError } from '../../../lib/describe-error';
import { useSearchParamChanges } from '../../../lib/search-params';
import { useDeliveries } from '../api/get-deliveries';
import { useRetryDelivery } from '../api/retry-delivery';
import { formatMoment } from '../utils/format';

/** The filter lives in the URL, so a reload or a shared link keeps the dead letters in view. */
const STATUS_PARAM = 'deliveries';

/** A state as the counts and the filter name it: how many, which ones. */
const STATUS_NAMES: Record<DeliveryStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  dead: 'Dead letters',
};

/** A state as one delivery's line says it. */
const STATE_NAMES: Record<DeliveryStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  dead: 'Dead letter',
};

/**
 * What the inbound integrations delivered, for Operations: how many
 * deliveries are in each state, the latest of them, and the dead letters
 * (those the gateway gave up posting) with a way to queue them again. The
 * live `integration.delivery` event refreshes it (lib/live-events).
 *
 * Mounted by the app into the Operations page, whose panel styles it uses.
 */
export function IntegrationDeliveries() {
  const headingId = useId();
  const [params, change] = useSearchParamChanges();
  const parsed = deliveryStatusSchema.safeParse(params.get(STATUS_PARAM));
  const status = parsed.success ? parsed.data : null;
  const deliveries = useDeliveries(status);
  const list = deliveries.data?.deliveries ?? [];

  return (
    <section className="operations-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Integration deliveries</h2>
      <p className="operations-muted">
        Webhooks from GitHub, Stripe and the generic integrations, newest first, and the posts made
        from them. A dead letter is one the gateway stopped trying to post: fix the cause, then
        retry it.
      </p>
      {deliveries.data ? (
        <dl className="operations-facts">
          {deliveryStatuses.map((state) => (
            <Fragment key={state}>
              <dt>{STATUS_NAMES[state]}</dt>
              <dd>{deliveries.data.counts[state]}</dd>
            </Fragment>
          ))}
        </dl>
      ) : null}
      <FilterSelect
        label="Show"
        value={status ?? ''}
        options={[
          { value: '', label: 'All deliveries' },
          ...deliveryStatuses.map((state) => ({ value: state, label: STATUS_NAMES[state] })),
        ]}
        onChange={(value) => {
          change({ [STATUS_PARAM]: value || null });
        }}
      />
      {deliveries.isPending ? <p>Reading the deliveries…</p> : null}
      {deliveries.isError ? (
        <p role="alert" className="operations-error">
          The deliveries could not be read. {describeError(deliveries.error)}
        </p>
      ) : null}
      {deliveries.data && list.length === 0 ? (
        <p className="operations-muted">
          {status === null
            ? 'No delivery yet. Set an integration up in Integrations, then send a test event.'
            : `None: no delivery is ${status === 'dead' ? 'a dead letter' : status}.`}
        </p>
      ) : null}
      {list.length > 0 ? (
        <ol className="operations-log" aria-labelledby={headingId}>
          {list.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const retry = useRetryDelivery();
  const attempts = `${delivery.attempts} ${delivery.attempts === 1 ? 'attempt' : 'attempts'}`;
  return (
    <li className="operations-log-item" aria-label={`${delivery.provider}: ${delivery.summary}`}>
      <div className="operations-log-head">
        <strong>{delivery.provider}</strong>
        <span>{delivery.summary}</span>
        <span className="operations-muted">
          {STATE_NAMES[delivery.status]} · {attempts} · received {formatMoment(delivery.receivedAt)}
          {delivery.status === 'queued' && delivery.nextAttemptAt !== null
            ? ` · next try ${formatMoment(delivery.nextAttemptAt)}`
            : ''}
          {delivery.status === 'sent' && delivery.sentAt !== null
            ? ` · posted ${formatMoment(delivery.sentAt)}`
            : ''}
        </span>
      </div>
      {delivery.lastError ? (
        <p className="operations-log-failed">Last error: {delivery.lastError}</p>
      ) : null}
      {delivery.status === 'dead' ? (
        <div className="operations-log-actions">
          <button
            type="button"
            className="operations-secondary"
            disabled={retry.isPending}
            onClick={() => {
              retry.mutate(delivery.id);
            }}
          >
            Retry
          </button>
          <WriteStatus pending={retry.isPending ? 'Queuing it again…' : null} error={retry.error} />
        </div>
      ) : null}
    </li>
  );
}
