import { useId } from 'react';
import type { Report } from '@crm/shared/missive/analytics';
import type { SavedReport } from '../hooks/use-saved-reports';
import {
  accountTypeName,
  describeFilters,
  formatCount,
  formatDay,
  formatDuration,
  formatPeriod,
  formatTime,
} from '../utils/format';
import { reportPeriod } from '../utils/report-filters';
import { DailyChart } from './daily-chart';
import { ReportTable, type Column } from './report-table';

interface TotalRow {
  metric: string;
  value: number | null;
  /** Durations are kept in seconds for the CSV and shown readably. */
  seconds: boolean;
}

const count = <Row,>(header: string, pick: (row: Row) => number): Column<Row> => ({
  header,
  value: pick,
  display: (row) => formatCount(pick(row)),
  numeric: true,
});

const TOTAL_COLUMNS: Column<TotalRow>[] = [
  {
    header: 'Metric',
    value: (row) => (row.seconds ? `${row.metric} (seconds)` : row.metric),
    display: (row) => row.metric,
  },
  {
    header: 'Value',
    value: (row) => row.value,
    display: (row) =>
      row.seconds ? formatDuration(row.value) : row.value === null ? '—' : formatCount(row.value),
    numeric: true,
  },
];

type Day = Report['by_day'][number];
const DAY_COLUMNS: Column<Day>[] = [
  { header: 'Date', value: (day) => day.date, display: (day) => formatDay(day.date) },
  count('Messages received', (day) => day.messages_received),
  count('Messages sent', (day) => day.messages_sent),
  count('Conversations closed', (day) => day.conversations_closed),
  count('Conversations created', (day) => day.conversations_created),
  count('Comments', (day) => day.comments_created),
];

/** A breakdown table: what ReportTable needs beside the rows and the file's name. */
interface Breakdown<Row> {
  title: string;
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  empty: string;
}

const BY_USER: Breakdown<Report['by_user'][number]> = {
  title: 'By user',
  columns: [
    { header: 'User', value: (row) => row.name },
    count('Messages sent', (row) => row.messages_sent),
    count('Conversations closed', (row) => row.conversations_closed),
    count('Comments', (row) => row.comments_created),
  ],
  rowKey: (row) => row.user,
  empty: 'No user activity in this period.',
};

const BY_TEAM: Breakdown<Report['by_team'][number]> = {
  title: 'By team',
  columns: [
    { header: 'Team', value: (row) => row.name },
    count('Conversations created', (row) => row.conversations_created),
    count('Conversations closed', (row) => row.conversations_closed),
  ],
  rowKey: (row) => row.team,
  empty: 'No team activity in this period.',
};

const BY_LABEL: Breakdown<Report['by_label'][number]> = {
  title: 'By label',
  columns: [
    { header: 'Label', value: (row) => row.name },
    count('Conversations', (row) => row.conversations),
  ],
  rowKey: (row) => row.shared_label,
  empty: 'No labelled conversations in this period.',
};

const BY_ACCOUNT_TYPE: Breakdown<Report['by_account_type'][number]> = {
  title: 'By account type',
  columns: [
    { header: 'Account type', value: (row) => accountTypeName(row.account_type) },
    count('Messages received', (row) => row.messages_received),
    count('Messages sent', (row) => row.messages_sent),
  ],
  rowKey: (row) => row.account_type,
  empty: 'No messages in this period.',
};

function totalRows(totals: Report['totals']): TotalRow[] {
  return [
    { metric: 'Conversations created', value: totals.conversations_created, seconds: false },
    { metric: 'Messages received', value: totals.messages_received, seconds: false },
    { metric: 'Messages sent', value: totals.messages_sent, seconds: false },
    { metric: 'Conversations closed', value: totals.conversations_closed, seconds: false },
    { metric: 'Comments', value: totals.comments_created, seconds: false },
    {
      metric: 'Median first response time',
      value: totals.median_first_response_seconds,
      seconds: true,
    },
    { metric: 'Median resolution time', value: totals.median_resolution_seconds, seconds: true },
  ];
}

/** A finished report: its period and filters, the daily chart, and one table per breakdown. */
export function ReportView({ saved }: { saved: SavedReport }) {
  const headingId = useId();
  const dayTableId = useId();
  const { report, request } = saved;
  const period = reportPeriod(report);
  const file = `missive-report-${period.from}-to-${period.to}`;

  return (
    <section className="analytics-report" aria-labelledby={headingId}>
      <h2 id={headingId}>Report: {formatPeriod(period.from, period.to)}</h2>
      <p className="analytics-muted">
        {report.time_zone} · {describeFilters(request)} · completed by Missive{' '}
        {formatTime(report.completed_at * 1000)}, kept in this browser since{' '}
        {formatTime(saved.savedAt)}.
      </p>
      <ReportTable
        title="Totals"
        rows={totalRows(report.totals)}
        columns={TOTAL_COLUMNS}
        rowKey={(row) => row.metric}
        fileName={`${file}-totals`}
        empty="No totals."
      />
      <DailyChart days={report.by_day} tableId={dayTableId} />
      <ReportTable
        id={dayTableId}
        title="By day"
        rows={report.by_day}
        columns={DAY_COLUMNS}
        rowKey={(row) => row.date}
        fileName={`${file}-by-day`}
        empty="No days in this period."
      />
      <ReportTable {...BY_USER} rows={report.by_user} fileName={`${file}-by-user`} />
      <ReportTable {...BY_TEAM} rows={report.by_team} fileName={`${file}-by-team`} />
      <ReportTable {...BY_LABEL} rows={report.by_label} fileName={`${file}-by-label`} />
      <ReportTable
        {...BY_ACCOUNT_TYPE}
        rows={report.by_account_type}
        fileName={`${file}-by-account-type`}
      />
    </section>
  );
}
