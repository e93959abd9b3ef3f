import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import type { ReportRun } from '../hooks/use-report-run';
import { REPORT_SCHEDULE } from '../utils/poll';

const LIMIT_SECONDS = REPORT_SCHEDULE.timeoutMs / 1000;

/**
 * Where the run stands. The live region speaks only when something happens
 * (started, a check found it not ready, finished, failed); the seconds
 * ticking by are shown beside it, not announced.
 */
export function ReportProgress({
  run,
  currentKey,
  onCancel,
}: {
  run: ReportRun;
  /** The report the page shows: a run for other filters links to its own. */
  currentKey: string | null;
  onCancel: () => void;
}) {
  const running = run.phase === 'starting' || run.phase === 'waiting';
  const elapsed = useElapsedSeconds(running ? run.startedAt : null);

  return (
    <div className="analytics-progress">
      <p role="status" className="analytics-progress-status">
        {statusText(run)}
        {run.phase === 'done' && run.key !== currentKey ? (
          <>
            {' '}
            <Link to={{ search: `?${run.search}` }}>Show it</Link>
          </>
        ) : null}
      </p>
      {running ? (
        <div className="analytics-progress-bar">
          <progress
            max={LIMIT_SECONDS}
            value={Math.min(elapsed, LIMIT_SECONDS)}
            aria-label="Time spent waiting for the report"
            aria-valuetext={`${elapsed} seconds of at most ${LIMIT_SECONDS}`}
          />
          <span className="analytics-muted">
            {elapsed} s elapsed · {run.phase === 'waiting' ? run.attempts : 0}{' '}
            {run.phase === 'waiting' && run.attempts === 1 ? 'check' : 'checks'}
          </span>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      ) : null}
      {run.phase === 'failed' ? (
        <p role="alert" className="error">
          {run.message}
        </p>
      ) : null}
    </div>
  );
}

function statusText(run: ReportRun): string {
  switch (run.phase) {
    case 'idle':
      return '';
    case 'starting':
      return 'Asking Missive to build the report…';
    case 'waiting': {
      if (run.attempts === 0) return 'Missive is building the report; first check in 5 seconds.';
      const last = run.lastError
        ? `Check ${run.attempts} failed (${describeError(run.lastError)}); trying again.`
        : `Check ${run.attempts}: not ready yet.`;
      return `${last} Most reports take a few seconds, some 30 seconds or more.`;
    }
    case 'done': {
      const seconds = Math.round(run.elapsedMs / 1000);
      const kept = run.kept
        ? 'Kept in this browser.'
        : 'This browser would not keep it: it disappears when you leave the page.';
      return `Report ready after ${seconds} s (${run.attempts} ${run.attempts === 1 ? 'check' : 'checks'}). ${kept}`;
    }
    case 'failed':
      return 'The report could not be read.';
    case 'cancelled':
      return 'Cancelled. Nothing was kept.';
  }
}

/** Whole seconds since `startedAt`, ticking while it is set. */
function useElapsedSeconds(startedAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [startedAt]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}
