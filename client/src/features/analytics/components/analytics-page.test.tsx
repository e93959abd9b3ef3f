import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '@crm/shared/missive/analytics';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { formatDay, formatPeriod } from '../utils/format';
import { AnalyticsPage } from './analytics-page';

// Dates read in the browser's locale; the test checks the plumbing, not the locale.
const MARCH = formatPeriod('2024-03-01', '2024-03-03');

const URL_MARCH =
  '/analytics?organization=org-1&from=2024-03-01&to=2024-03-03&tz=Europe/Paris&teams=team-1';

function makeReport(overrides: Partial<Report> = {}): Report {
  const day = (date: string, received: number, sent: number, closed: number) => ({
    date,
    conversations_created: received,
    messages_received: received,
    messages_sent: sent,
    comments_created: 1,
    conversations_closed: closed,
  });
  return {
    id: 'rep-1',
    organization: 'org-1',
    start: Date.UTC(2024, 1, 29, 23) / 1000,
    end: Date.UTC(2024, 2, 3, 23) / 1000,
    time_zone: 'Europe/Paris',
    completed_at: Date.UTC(2024, 2, 4, 9) / 1000,
    totals: {
      conversations_created: 30,
      messages_received: 30,
      messages_sent: 21,
      comments_created: 3,
      conversations_closed: 12,
      median_first_response_seconds: 3900,
      median_resolution_seconds: null,
    },
    by_day: [day('2024-03-01', 10, 7, 4), day('2024-03-02', 14, 9, 5), day('2024-03-03', 6, 5, 3)],
    by_user: [
      {
        user: 'u-ada',
        name: 'Ada, "the" Countess',
        messages_sent: 15,
        conversations_closed: 9,
        comments_created: 2,
      },
      {
        user: 'u-bob',
        name: 'Bob',
        messages_sent: 6,
        conversations_closed: 3,
        comments_created: 1,
      },
    ],
    by_team: [
      { team: 'team-1', name: 'Billing', conversations_created: 30, conversations_closed: 12 },
    ],
    by_label: [],
    by_account_type: [{ account_type: 'email', messages_received: 30, messages_sent: 21 }],
    ...overrides,
  };
}

/** The directory, the report endpoints, and `reportAnswers` for the successive report reads. */
function stubAnalytics({
  reportAnswers = [],
  create,
}: {
  reportAnswers?: (() => Response)[];
  create?: (request: MissiveRequest) => Response;
} = {}) {
  const answers = [...reportAnswers];
  return stubMissive((request) => {
    if (request.path === '/organizations')
      return jsonResponse({ organizations: [{ id: 'org-1', name: 'Acme' }] });
    if (request.path === '/teams')
      return jsonResponse({ teams: [{ id: 'team-1', name: 'Billing', organization: 'org-1' }] });
    if (request.path === '/users')
      return jsonResponse({
        users: [
          { id: 'u-bob', me: false, email: 'bob@acme.test', name: 'Bob', avatar_url: null },
          { id: 'u-ada', me: true, email: 'ada@acme.test', name: 'Ada', avatar_url: null },
        ],
      });
    if (request.path === '/shared_labels')
      return jsonResponse({
        shared_labels: [
          {
            id: 'label-vip',
            name: 'VIP',
            name_with_parent_names: 'Customers/VIP',
            color: null,
            organization: 'org-1',
          },
        ],
      });
    if (request.method === 'POST' && request.path === '/analytics/reports')
      return create ? create(request) : jsonResponse({ reports: { id: 'rep-1' } });
    if (request.path === '/analytics/reports/rep-1') {
      // Missive's answer for a report that is not finished: 404, no body.
      return (answers.shift() ?? (() => new Response(null, { status: 404 })))();
    }
    return jsonResponse({ error: { message: `unexpected ${request.path}` } }, 500);
  });
}

const reportReads = (requests: MissiveRequest[]) =>
  requests.filter((request) => request.path.startsWith('/analytics/reports/'));

/** Moves the clock on, letting React render what the timers set off. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

/** jsdom's Blob has no text(); FileReader reads its bytes, decoded keeping the BOM. */
function readBlob(blob: Blob | undefined): Promise<string> {
  if (!blob) return Promise.reject(new Error('no file was made'));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const bytes = reader.result instanceof ArrayBuffer ? reader.result : new ArrayBuffer(0);
      resolve(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
    };
    reader.onerror = () => {
      reject(reader.error ?? new Error('unreadable'));
    };
    reader.readAsArrayBuffer(blob);
  });
}

beforeEach(() => {
  localStorage.clear();
});

// The time zone select holds some 400 options, which makes every role query in jsdom slow.
describe('AnalyticsPage filters', { timeout: 20_000 }, () => {
  it('reads the period, zone and filters from the URL and writes changes back', async () => {
    stubAnalytics();
    const { search } = renderPage(<AnalyticsPage />, URL_MARCH);

    expect(screen.getByRole('heading', { level: 1, name: 'Analytics' })).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveValue('2024-03-01');
    expect(screen.getByLabelText('To')).toHaveValue('2024-03-03');
    expect(screen.getByLabelText('Time zone')).toHaveValue('Europe/Paris');
    const teams = screen.getByRole('group', { name: 'Teams' });
    expect(await within(teams).findByRole('checkbox', { name: 'Billing' })).toBeChecked();
    const users = screen.getByRole('group', { name: 'Users' });
    // Sorted by name, whatever order Missive lists them in.
    expect(
      (await within(users).findAllByRole('checkbox')).map(
        (box) => box.closest('label')?.textContent,
      ),
    ).toEqual(['Ada', 'Bob']);
    expect(await screen.findByRole('checkbox', { name: 'Customers/VIP' })).not.toBeChecked();

    await userEvent.click(within(users).getByRole('checkbox', { name: 'Bob' }));
    await userEvent.click(within(users).getByRole('checkbox', { name: 'Ada' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'WhatsApp' }));
    await userEvent.selectOptions(screen.getByLabelText('Time zone'), 'Asia/Tokyo');
    await userEvent.click(within(teams).getByRole('button', { name: 'Clear teams' }));

    expect(search()).toEqual({
      organization: 'org-1',
      from: '2024-03-01',
      to: '2024-03-03',
      tz: 'Asia/Tokyo',
      users: 'u-bob,u-ada',
      types: 'whatsapp',
    });
    expect(within(teams).getByRole('checkbox', { name: 'Billing' })).not.toBeChecked();
  });

  it('defaults to the last seven days in the browser’s zone and refuses a backwards period', async () => {
    const { writes } = stubAnalytics();
    renderPage(<AnalyticsPage />, '/analytics');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(screen.getByLabelText('Time zone')).toHaveValue(zone);
    const from = screen.getByLabelText<HTMLInputElement>('From');
    const to = screen.getByLabelText<HTMLInputElement>('To');
    const days =
      (Date.parse(`${to.value}T00:00Z`) - Date.parse(`${from.value}T00:00Z`)) / 86_400_000;
    expect(days).toBe(6);

    // A date input takes a whole day at once, as a browser's date picker sets it.
    fireEvent.change(from, { target: { value: '2099-01-01' } });
    const run = screen.getByRole('button', { name: 'Run report' });
    await waitFor(() => {
      expect(run).toBeEnabled();
    });
    await userEvent.click(run);

    expect(screen.getByRole('alert')).toHaveTextContent('To: must be on or after the first day.');
    expect(writes()).toEqual([]);
  });
});

describe('AnalyticsPage runs', { timeout: 20_000 }, () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const user = () => userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });

  /** Presses "Run report" and waits until the report was created and polling began. */
  async function runReport() {
    await user().click(await screen.findByRole('button', { name: 'Run report' }));
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('first check in 5 seconds');
    });
  }

  it('runs a report, polls on Missive’s schedule with progress, and shows it as a chart and tables', async () => {
    const { requests, writes } = stubAnalytics({
      reportAnswers: [
        () => new Response(null, { status: 404 }),
        () => jsonResponse({ reports: makeReport() }),
      ],
    });
    const { search } = renderPage(<AnalyticsPage />, URL_MARCH);
    expect(screen.getByText(/No report for these choices yet/)).toBeInTheDocument();

    await runReport();

    await waitFor(() => {
      expect(writes()).toHaveLength(1);
    });
    expect(writes()[0]?.body).toEqual({
      reports: {
        organization: 'org-1',
        start: Date.UTC(2024, 1, 29, 23) / 1000,
        end: Date.UTC(2024, 2, 3, 23) / 1000,
        time_zone: 'Europe/Paris',
        teams: ['team-1'],
      },
    });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Missive is building the report; first check in 5 seconds.',
    );
    expect(
      screen.getByRole('progressbar', { name: 'Time spent waiting for the report' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run report' })).toBeDisabled();

    // Nothing is read before 5 s: Missive's advice.
    await advance(4_000);
    expect(reportReads(requests)).toHaveLength(0);
    await advance(1_000);
    expect(reportReads(requests)).toHaveLength(1);
    await waitFor(() => {
      expect(screen.getByRole('status')).toHaveTextContent('Check 1: not ready yet.');
    });
    expect(screen.getByText(/1 check$/)).toBeInTheDocument();

    await advance(5_000);
    expect(reportReads(requests)).toHaveLength(2);
    expect(
      await screen.findByRole('heading', { level: 2, name: `Report: ${MARCH}` }),
    ).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(
      /Report ready after 1\d s \(2 checks\)\. Kept in this browser\./,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    // The URL names the report exactly, defaults included.
    expect(search()).toMatchObject({ organization: 'org-1', tz: 'Europe/Paris', teams: 'team-1' });

    const chart = screen.getByRole('img', {
      name: 'Messages received, messages sent and conversations closed per day',
    });
    expect(chart).toHaveAccessibleDescription(
      expect.stringContaining(
        `3 days from ${formatDay('2024-03-01')} to ${formatDay('2024-03-03')}: ` +
          `30 messages received, most on ${formatDay('2024-03-02')} (14)`,
      ),
    );
    const totals = screen.getByRole('table', { name: 'Totals' });
    expect(
      within(totals).getByRole('row', { name: 'Median first response time 1 h 5 min' }),
    ).toBeInTheDocument();
    expect(
      within(totals).getByRole('row', { name: 'Median resolution time —' }),
    ).toBeInTheDocument();
    const byDay = screen.getByRole('table', { name: 'By day' });
    expect(within(byDay).getAllByRole('row')).toHaveLength(4);
    expect(
      within(screen.getByRole('table', { name: 'By user' })).getByRole('row', {
        name: 'Ada, "the" Countess 15 9 2',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'By account type' })).toHaveTextContent('Email');
    expect(screen.getByText('No labelled conversations in this period.')).toBeInTheDocument();

    // No more reads once the report is in.
    await advance(30_000);
    expect(reportReads(requests)).toHaveLength(2);
  });

  it('keeps a finished report past its expiry: a reload shows it without asking Missive', async () => {
    stubAnalytics({ reportAnswers: [() => jsonResponse({ reports: makeReport() })] });
    const first = renderPage(<AnalyticsPage />, URL_MARCH);
    await runReport();
    await advance(5_000);
    await screen.findByRole('heading', { level: 2, name: /^Report:/ });
    const url = `/analytics?${new URLSearchParams(first.search()).toString()}`;
    first.unmount();

    const { requests } = stubAnalytics();
    renderPage(<AnalyticsPage />, url);
    expect(screen.getByRole('heading', { level: 2, name: `Report: ${MARCH}` })).toBeInTheDocument();
    const recent = screen.getByRole('region', { name: 'Recent reports' });
    expect(within(recent).getByRole('link', { name: MARCH })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(within(recent).getByText(/only 1 team/)).toBeInTheDocument();
    expect(requests.filter((request) => request.path.startsWith('/analytics'))).toEqual([]);

    await user().click(within(recent).getByRole('button', { name: /^Forget the report for/ }));
    expect(screen.queryByRole('heading', { level: 2, name: /^Report:/ })).toBeNull();
    expect(localStorage.getItem('crm.analytics.reports')).toBe('[]');
  });

  it('exports a table as CSV, quoted properly', async () => {
    stubAnalytics({ reportAnswers: [() => jsonResponse({ reports: makeReport() })] });
    const blobs: Blob[] = [];
    // jsdom has no object URLs: a URL class that has them, for this test only.
    vi.stubGlobal(
      'URL',
      class extends URL {
        static override createObjectURL(blob: Blob) {
          blobs.push(blob);
          return 'blob:report';
        }
        static override revokeObjectURL() {}
      },
    );
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderPage(<AnalyticsPage />, URL_MARCH);
    await runReport();
    await advance(5_000);

    await user().click(await screen.findByRole('button', { name: 'Export CSV: By user' }));

    expect(click).toHaveBeenCalledTimes(1);
    const link = click.mock.contexts[0];
    expect(link).toBeInstanceOf(HTMLAnchorElement);
    expect(link).toHaveAttribute('download', 'missive-report-2024-03-01-to-2024-03-03-by-user.csv');
    expect(await readBlob(blobs[0])).toBe(
      '\uFEFFUser,Messages sent,Conversations closed,Comments\r\n' +
        '"Ada, ""the"" Countess",15,9,2\r\nBob,6,3,1\r\n',
    );
  });

  it('gives up after two minutes with a clear message, and stops asking', async () => {
    const { requests } = stubAnalytics();
    renderPage(<AnalyticsPage />, URL_MARCH);
    await runReport();

    await advance(120_000);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Missive had not finished the report after 2 minutes (24 checks), so this page stopped asking.',
    );
    expect(reportReads(requests)).toHaveLength(24);
    expect(screen.getByRole('button', { name: 'Run report' })).toBeEnabled();
    await advance(60_000);
    expect(reportReads(requests)).toHaveLength(24);
  });

  it('can be cancelled while waiting', async () => {
    const { requests } = stubAnalytics();
    renderPage(<AnalyticsPage />, URL_MARCH);
    await runReport();
    await advance(5_000);

    await user().click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.getByRole('status')).toHaveTextContent('Cancelled. Nothing was kept.');
    await advance(30_000);
    expect(reportReads(requests)).toHaveLength(1);
  });

  it.each([
    [
      'a validation error',
      () =>
        jsonResponse(
          { error: { message: 'reports.teams: no team with id "team-1"', code: 'bad_request' } },
          400,
        ),
      'Not accepted: reports.teams: no team with id "team-1"',
    ],
    [
      'the rate limit',
      () =>
        new Response(
          JSON.stringify({ error: { message: 'Too many requests', code: 'rate_limited' } }),
          { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '30' } },
        ),
      'Rate-limited: Too many requests Nothing was lost: try again in 30 s.',
    ],
  ])('says precisely why a report could not be started (%s)', async (_, answer, message) => {
    const { requests } = stubAnalytics({ create: answer });
    renderPage(<AnalyticsPage />, URL_MARCH);
    await user().click(await screen.findByRole('button', { name: 'Run report' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    await advance(10_000);
    expect(reportReads(requests)).toHaveLength(0);
  });
});
