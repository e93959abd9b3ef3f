import { useId } from 'react';
import type { SyncObjectReport, SyncReport } from '@crm/shared/sync';
import { describeError } from '@/lib/describe-error';
import { formatMoment } from '@/lib/format-time';
import { syncRefreshInterval, useSyncReport } from '../api/get-sync-report';
import { formatAgo, formatClock, formatElapsed } from '../utils/format';
import { describeParts, isLoading, summarizeSync, syncObjectLabels } from '../utils/sync-progress';
import { Card } from '@/components/ui/card';

/**
 * The gateway's local copy of Missive, which sidebars read instead of
 * spending the budget: per object its rows, the first load's progress, what
 * keeps failing and why, how fresh it is and what it cost.
 */
export function MirrorSync() {
  const headingId = useId();
  const sync = useSyncReport();
  const loading = sync.data?.objects.some(isLoading) ?? false;

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Mirror of Missive</h2>
      <p className="operations-muted">
        Sidebars read this local copy instead of spending the budget. Refreshed every{' '}
        {syncRefreshInterval(sync.data) / 1000} seconds
        {loading ? ' while the initial load runs' : ''}.
        {sync.dataUpdatedAt ? ` Updated ${formatClock(sync.dataUpdatedAt)}.` : null}
      </p>
      {sync.isPending ? <p>Reading the state of the sync…</p> : null}
      {sync.isError ? (
        <p role="alert" className="error">
          The state of the sync could not be read. {describeError(sync.error)}
        </p>
      ) : null}
      {sync.data ? <SyncFigures report={sync.data} now={sync.dataUpdatedAt} /> : null}
    </Card>
  );
}

/**
 * `now` is when the report was read: the lag was computed by the gateway at
 * that moment too, so "ago" and "lag" describe the same instant.
 */
function SyncFigures({ report, now }: { report: SyncReport; now: number }) {
  const summary = summarizeSync(report, now);
  const failing = report.objects.filter((object) => object.state === 'failing');
  return (
    <>
      <p className={`operations-sync-summary operations-sync-${summary.tone}`}>{summary.text}</p>
      {failing.map((object) => (
        <p key={object.object} role="alert" className="error">
          {syncObjectLabels[object.object]}:{' '}
          {withoutFinalStop(object.reason ?? 'the last attempt failed without saying why')}. The
          sync retries on its own after a pause and keeps what the mirror already has.
        </p>
      ))}
      {report.running ? null : (
        <p className="operations-warning">
          The background sync is not running in this gateway: the mirror moves only if{' '}
          <code>npm run sync</code> fills it from elsewhere.
        </p>
      )}
      <p className="operations-muted">
        The sync may spend {formatShare(report.budgetShare)} of the longest rate window, in the
        background lane, with a round every {formatElapsed(report.intervalS * 1000)}.
      </p>
      <div className="operations-scroll">
        <table className="operations-table" aria-label="Mirror by object">
          <thead>
            <tr>
              <th scope="col">Object</th>
              <th scope="col" className="operations-numeric">
                Rows
              </th>
              <th scope="col">State</th>
              <th scope="col">Last success</th>
              <th scope="col" className="operations-numeric">
                Lag
              </th>
              <th scope="col" className="operations-numeric">
                Calls spent
              </th>
            </tr>
          </thead>
          <tbody>
            {report.objects.map((object) => (
              <tr key={object.object}>
                <th scope="row">{syncObjectLabels[object.object]}</th>
                <td className="operations-numeric">{formatCount(object.rows)}</td>
                <td>
                  <SyncState report={object} />
                </td>
                <td>
                  {object.lastSuccessAt === null ? (
                    'not yet'
                  ) : (
                    <time
                      dateTime={new Date(object.lastSuccessAt).toISOString()}
                      title={formatMoment(object.lastSuccessAt)}
                    >
                      {formatAgo(object.lastSuccessAt, now)}
                    </time>
                  )}
                </td>
                <td className="operations-numeric">
                  {object.lagMs === null ? '—' : formatElapsed(object.lagMs)}
                </td>
                <td className="operations-numeric">{formatCount(object.calls)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const stateWords = { initial_load: 'Loading', live: 'Live', failing: 'Failing' } as const;

function SyncState({ report }: { report: SyncObjectReport }) {
  const { done, total } = report.parts;
  const name = `Initial load of ${syncObjectLabels[report.object].toLowerCase()}`;
  return (
    <span className="operations-sync-state">
      <span className={`operations-sync-${report.state}`}>{stateWords[report.state]}</span>
      {isLoading(report) ? (
        total > 0 ? (
          <>
            <progress
              aria-label={name}
              aria-valuetext={describeParts(report)}
              value={done}
              max={total}
            />
            <span className="operations-muted">{describeParts(report)}</span>
          </>
        ) : (
          // Its parts are known only once their list (the contact books) is read.
          <>
            <progress aria-label={name} />
            <span className="operations-muted">not started yet</span>
          </>
        )
      ) : null}
    </span>
  );
}

function withoutFinalStop(text: string): string {
  return text.trim().replace(/\.+$/, '');
}

function formatCount(count: number): string {
  return new Intl.NumberFormat().format(count);
}

function formatShare(share: number): string {
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}
