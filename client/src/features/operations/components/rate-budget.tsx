import { useId, useState } from 'react';
import type { LiveEvent } from '@crm/shared/events';
import type { LimitsReport } from '@crm/shared/limits';
import { describeError } from '@/lib/describe-error';
import { LIMITS_REFRESH_MS, useLimits } from '../api/get-limits';
import { useLiveEvent } from '../hooks/use-live-event';
import { formatClock, formatWindow } from '../utils/format';
import { MeterBar } from './meter-bar';
import { Card } from '@/components/ui/card';

type BudgetLow = Extract<LiveEvent, { type: 'budget.low' }>;

/** The gateway's lanes in the order it serves them; all but the people's are capped to a share. */
const LANE_ROWS = [
  { lane: 'interactive', label: 'Interactive' },
  { lane: 'automation', label: 'AI agents' },
  { lane: 'background', label: 'Background' },
] as const;

/**
 * The team's shared Missive budget as the gateway sees it: each rate
 * window, the concurrency slots, the pacing bucket, the queues per lane,
 * what was shed, the 429s Missive answered and how much the cache saved.
 */
export function RateBudget() {
  const headingId = useId();
  const limits = useLimits();
  const [warning, setWarning] = useState<{ event: BudgetLow; at: number } | null>(null);
  useLiveEvent((event) => {
    if (event.type !== 'budget.low') return;
    // The figures are read again by the shared staleAfter list; this is the warning.
    setWarning({ event, at: Date.now() });
  });

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Missive rate budget</h2>
      <p className="operations-muted">
        Live from this gateway: refreshed every {LIMITS_REFRESH_MS / 1000} seconds, and at once when
        the budget runs low.
        {limits.dataUpdatedAt ? ` Updated ${formatClock(limits.dataUpdatedAt)}.` : null}
      </p>
      {warning ? (
        <p className="operations-warning">
          The budget ran low at {formatClock(warning.at)}: {warning.event.remaining} requests left
          in the tightest window, which frees up at {formatClock(warning.event.resetsAt)}.
          Background work waits first; agents keep priority.
        </p>
      ) : null}
      {limits.isPending ? <p>Reading the budget…</p> : null}
      {limits.isError ? (
        <p role="alert" className="error">
          The budget could not be read. {describeError(limits.error)}
        </p>
      ) : null}
      {limits.data ? <BudgetFigures report={limits.data} /> : null}
    </Card>
  );
}

function BudgetFigures({ report }: { report: LimitsReport }) {
  const { budget, queues, upstream, cache } = report;
  const queuesId = useId();
  return (
    <>
      {budget.pausedUntil > 0 ? (
        <p role="alert" className="error">
          Missive answered 429 (too many requests): the gateway holds every call until{' '}
          {formatClock(budget.pausedUntil)}.
        </p>
      ) : null}
      <div className="operations-meters">
        {budget.windows.map((window) => (
          <MeterBar
            key={window.windowMs}
            label={`Requests in the last ${formatWindow(window.windowMs)}`}
            value={window.used}
            max={window.allowed}
            valueText={`${window.used} of ${window.allowed}`}
            detail={
              `Missive allows ${window.limit}; the gateway keeps a margin. ` +
              `${window.usedByAutomation} by AI agents, ${window.usedByBackground} background.` +
              (window.freesAt ? ` Next slot frees at ${formatClock(window.freesAt)}.` : '')
            }
          />
        ))}
        <MeterBar
          label="Requests in flight"
          value={budget.inFlight}
          max={budget.concurrent}
          valueText={`${budget.inFlight} of ${budget.concurrent}`}
        />
        {budget.pacing ? (
          <MeterBar
            label="Pacing bucket"
            value={budget.pacing.tokens}
            max={budget.pacing.capacity}
            valueText={`${budget.pacing.tokens} of ${budget.pacing.capacity} tokens`}
            detail={`Refills ${formatRate(budget.pacing.perSecond)} per second, so a busy hour is spread out instead of spent at once.`}
            fullIs="good"
          />
        ) : (
          <p className="operations-muted">Pacing is off: only the windows limit the rate.</p>
        )}
      </div>
      <div className="operations-columns">
        <div>
          <h3 id={queuesId}>Queues</h3>
          <table className="operations-table" aria-labelledby={queuesId}>
            <thead>
              <tr>
                <th scope="col">Lane</th>
                <th scope="col" className="operations-numeric">
                  Waiting
                </th>
                <th scope="col" className="operations-numeric">
                  Started
                </th>
              </tr>
            </thead>
            <tbody>
              {LANE_ROWS.map(({ lane, label }) => (
                <tr key={lane}>
                  <th scope="row">
                    {label}
                    {lane === 'interactive' ? null : (
                      <>
                        {' '}
                        <span className="operations-muted">
                          (up to {Math.round(budget.shares[lane] * 100)} %)
                        </span>
                      </>
                    )}
                  </th>
                  <td className="operations-numeric">{queues.queued[lane]}</td>
                  <td className="operations-numeric">{queues.started[lane]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Since the gateway started</h3>
          <dl className="operations-facts">
            <dt>Calls to Missive</dt>
            <dd>
              {upstream.upstreamCalls} ({upstream.upstreamCallsByLane.interactive} by people,{' '}
              {upstream.upstreamCallsByLane.automation} by AI agents,{' '}
              {upstream.upstreamCallsByLane.background} by the sync)
            </dd>
            <dt>429s from Missive</dt>
            <dd>{upstream.rateLimited}</dd>
            <dt>Retried</dt>
            <dd>{upstream.retried}</dd>
            <dt>Shed (waited too long)</dt>
            <dd>{queues.shed}</dd>
            <dt>Coalesced reads</dt>
            <dd>{upstream.coalesced}</dd>
            <dt>Cache hit rate</dt>
            <dd>
              {formatPercent(cache.hitRate)} ({cache.hits} hits, {cache.misses} misses,{' '}
              {cache.entries} cached)
            </dd>
          </dl>
        </div>
      </div>
    </>
  );
}

function formatRate(perSecond: number): string {
  return perSecond >= 1 ? perSecond.toFixed(1) : perSecond.toFixed(2);
}

function formatPercent(share: number): string {
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );
}
