import { useState } from 'react';
import { ORGANIZATION_PARAM, useOrganizationParam } from '@/components/organization-select';
import { changeSearchParams, useSearchParamChanges } from '@/lib/search-params';
import { useReportRun } from '../hooks/use-report-run';
import { useSavedReports } from '../hooks/use-saved-reports';
import {
  filterChanges,
  readFilters,
  requestKey,
  toReportRequest,
  type ReportFilters,
} from '../utils/report-filters';
import { browserTimeZone, dayOf } from '../utils/zoned-time';
import { RecentReports } from './recent-reports';
import { ReportFiltersForm } from './report-filters-form';
import { ReportProgress } from './report-progress';
import { ReportView } from './report-view';
import './analytics.css';

const today = (timeZone: string) => dayOf(Math.floor(Date.now() / 1000), timeZone);

/**
 * Missive's analytics reports: choose a period, a time zone and filters (all
 * in the URL), run the report, read it as a chart and tables, export CSV.
 * A report is built asynchronously and forgotten by Missive a minute after
 * it is ready, so the page polls for it on Missive's schedule and keeps the
 * result in this browser, where the same filters find it again.
 */
export function AnalyticsPage() {
  const [params, change] = useSearchParamChanges();
  const organization = useOrganizationParam();
  const [zone] = useState(browserTimeZone);
  const filters = readFilters(params, { timeZone: zone, today });
  const built = organization.organizationId
    ? toReportRequest(organization.organizationId, filters)
    : null;
  const currentKey = built && 'request' in built ? requestKey(built.request) : null;
  const saved = useSavedReports();
  const shown = saved.find((entry) => entry.key === currentKey);
  const { run, start, cancel } = useReportRun();
  const running = run.phase === 'starting' || run.phase === 'waiting';
  const [formError, setFormError] = useState<string | null>(null);

  const changeFilters = (changes: Partial<ReportFilters>) => {
    setFormError(null);
    change(filterChanges(changes));
  };

  const runReport = () => {
    const organizationId = organization.organizationId;
    if (organizationId === null) {
      setFormError('Choose an organization.');
      return;
    }
    if (built === null || 'error' in built) {
      setFormError(built?.error ?? 'Choose an organization.');
      return;
    }
    // Write every choice, defaults included, so the URL names this exact report.
    const all = { [ORGANIZATION_PARAM]: organizationId, ...filterChanges(filters) };
    change(all);
    void start(built.request, changeSearchParams(params, all).toString());
  };

  return (
    <div className="analytics">
      <h1>Analytics</h1>
      <ReportFiltersForm
        organization={organization}
        filters={filters}
        onOrganizationChange={(organizationId) => {
          setFormError(null);
          // Teams, users and labels belong to one organization.
          change({
            [ORGANIZATION_PARAM]: organizationId,
            ...filterChanges({ teams: [], users: [], sharedLabels: [] }),
          });
        }}
        onChange={changeFilters}
        onRun={runReport}
        running={running}
        error={formError}
      />
      <ReportProgress run={run} currentKey={currentKey} onCancel={cancel} />
      {shown ? (
        <ReportView saved={shown} />
      ) : (
        <p className="analytics-muted analytics-empty">
          No report for these choices yet: press “Run report”. Missive usually needs a few seconds.
        </p>
      )}
      <RecentReports saved={saved} currentKey={currentKey} />
    </div>
  );
}
