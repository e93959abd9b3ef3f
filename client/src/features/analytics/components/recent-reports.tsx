import { useId } from 'react';
import { Link } from 'react-router';
import { Button } from '@/components/ui/button';
import { forgetReport, type SavedReport } from '../hooks/use-saved-reports';
import { describeFilters, formatPeriod, formatTime } from '../utils/format';
import { reportPeriod } from '../utils/report-filters';
import { Card } from '@/components/ui/card';

/** The reports this browser keeps: each opens by its filters, which the URL then holds. */
export function RecentReports({
  saved,
  currentKey,
}: {
  saved: readonly SavedReport[];
  currentKey: string | null;
}) {
  const headingId = useId();
  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Recent reports</h2>
      {saved.length === 0 ? (
        <p className="analytics-muted">
          Reports you run are kept here, in this browser, so they stay readable after Missive
          discards them (a minute after they are ready).
        </p>
      ) : (
        <ul className="analytics-recent-list">
          {saved.map((entry) => {
            const period = reportPeriod(entry.report);
            const label = formatPeriod(period.from, period.to);
            const current = entry.key === currentKey;
            return (
              <li key={entry.key}>
                <Link
                  to={{ search: `?${entry.search}` }}
                  aria-current={current ? 'true' : undefined}
                >
                  {label}
                </Link>
                <span className="analytics-muted">
                  {entry.report.time_zone} · {describeFilters(entry.request)} · run{' '}
                  {formatTime(entry.savedAt)}
                </span>
                <Button
                  variant="link"
                  aria-label={`Forget the report for ${label} run ${formatTime(entry.savedAt)}`}
                  onClick={() => {
                    forgetReport(entry.key);
                  }}
                >
                  Forget
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
