import { Fragment, useId, useState } from 'react';
import {
  deliveryStatuses,
  deliveryStatusSchema,
  type Delivery,
  type DeliveryStatus,
} from '@crm/shared/integrations';
import { FilterSelect } from '@/components/filter-select';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { useIsAdmin } from '@/lib/me';
import { useSearchParamChanges } from '@/lib/search-params';
import { Button } from '@/components/ui/button';
import { useDeliveries } from '../api/get-deliveries';
import { useRetryDelivery } from '../api/retry-delivery';
import { formatMoment } from '@/lib/format-time';
import { Card } from '@/components/ui/card';

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
 * The gateway's words for a post it sent without learning the answer (a
 * timeout, a dropped connection): Missive may have made it.
 */
const UNKNOWN_FATE = /may or may not/i;

/**
 * What the inbound integrations delivered, for Operations: how many
 * deliveries are in each state, the latest of them a page at a time, and
 * the dead letters (those the gateway gave up posting) with, for admins, a
 * way to queue them again. The live `integration.delivery` event refreshes
 * it (lib/live-events).
 *
 * Mounted by the app into the Operations page, whose panel styles it uses.
 */
export function IntegrationDeliveries() {
  const headingId = useId();
  const [params, change] = useSearchParamChanges();
  const parsed = deliveryStatusSchema.safeParse(params.get(STATUS_PARAM));
  const status = parsed.success ? parsed.data : null;
  const deliveries = useDeliveries(status);
  // Retrying may post twice, so the gateway lets only admins do it.
  const isAdmin = useIsAdmin();
  const pages = deliveries.data?.pages ?? [];
  const list = pages.flatMap((page) => page.deliveries);
  // Counts are over every delivery, the same on any page: the first one's are there first.
  const counts = pages[0]?.counts;
  const total =
    counts &&
    (status ? counts[status] : deliveryStatuses.reduce((sum, state) => sum + counts[state], 0));

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Integration deliveries</h2>
      <p className="operations-muted">
        Webhooks from GitHub, Stripe and the generic integrations, newest first, and the posts made
        from them. A dead letter is one the gateway stopped trying to post:{' '}
        {isAdmin
          ? 'fix the cause, then retry it.'
          : 'an admin can retry it once the cause is fixed.'}
      </p>
      {counts ? (
        <dl className="operations-facts">
          {deliveryStatuses.map((state) => (
            <Fragment key={state}>
              <dt>{STATUS_NAMES[state]}</dt>
              <dd>{counts[state]}</dd>
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
      {deliveries.isError && !deliveries.isFetchNextPageError ? (
        <p role="alert" className="error">
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
            <DeliveryRow key={delivery.id} delivery={delivery} canRetry={isAdmin} />
          ))}
        </ol>
      ) : null}
      {deliveries.hasNextPage ? (
        <div className="operations-log-actions">
          <Button
            variant="secondary"
            disabled={deliveries.isFetchingNextPage}
            onClick={() => {
              void deliveries.fetchNextPage();
            }}
          >
            Show older
          </Button>
          <p role="status" className="operations-muted">
            {deliveries.isFetchingNextPage
              ? 'Reading older deliveries…'
              : `${list.length} of ${Math.max(total ?? 0, list.length)} shown.`}
          </p>
        </div>
      ) : null}
      {deliveries.isFetchNextPageError ? (
        <p role="alert" className="error">
          The older deliveries could not be read. {describeError(deliveries.error)}
        </p>
      ) : null}
    </Card>
  );
}

function DeliveryRow({ delivery, canRetry }: { delivery: Delivery; canRetry: boolean }) {
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
      {delivery.status === 'dead' && canRetry ? (
        <RetryDelivery
          id={delivery.id}
          unknownFate={delivery.lastError !== null && UNKNOWN_FATE.test(delivery.lastError)}
        />
      ) : null}
    </li>
  );
}

/**
 * Queues a dead letter again. One whose last try may have reached Missive
 * (`unknownFate`) is retried only after a second, explicit click: a retry
 * would post it twice.
 */
function RetryDelivery({ id, unknownFate }: { id: number; unknownFate: boolean }) {
  const retry = useRetryDelivery();
  const [confirming, setConfirming] = useState(false);
  const warningId = useId();
  const send = () => {
    retry.mutate(id, {
      onSuccess: () => {
        setConfirming(false);
      },
    });
  };
  return (
    <div className="operations-log-actions">
      {confirming ? (
        <>
          <p id={warningId} className="operations-warning">
            Missive may already have this post: check the conversation first.
          </p>
          <Button aria-describedby={warningId} disabled={retry.isPending} onClick={send}>
            Retry anyway
          </Button>
          <Button
            variant="secondary"
            // The safe way out has the focus the first click left behind.
            autoFocus
            onClick={() => {
              setConfirming(false);
            }}
          >
            Don’t retry
          </Button>
        </>
      ) : (
        <Button
          variant="secondary"
          disabled={retry.isPending}
          onClick={() => {
            if (unknownFate) setConfirming(true);
            else send();
          }}
        >
          Retry
        </Button>
      )}
      <WriteStatus pending={retry.isPending ? 'Queuing it again…' : null} error={retry.error} />
    </div>
  );
}
