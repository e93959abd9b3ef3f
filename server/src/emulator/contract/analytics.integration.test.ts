import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportRequest } from '@crm/shared/missive/analytics';
import { call, expectRefused, first, send } from './client';
import { loadDirectory, type Directory } from './fixtures';
import { CONTRACT_ANCHOR, useEmulatorTarget } from './harness';

// Reports take 300 ms to complete and expire 1.5 s later; the fake clock
// moves past both without the test sleeping.
const DELAY_MS = 300;
const TTL_MS = 1500;
const emulator = useEmulatorTarget({ reportDelayMs: DELAY_MS, reportTtlMs: TTL_MS });

let directory: Directory;

beforeAll(async () => {
  directory = await loadDirectory(emulator.target);
});

/** The seed's last 90 days, where all of its activity lies. */
function period(): Pick<ReportRequest, 'organization' | 'start' | 'end'> {
  return {
    organization: directory.organization.id,
    start: CONTRACT_ANCHOR - 90 * 86_400,
    end: CONTRACT_ANCHOR,
  };
}

async function startReport(request: Partial<ReportRequest> = {}): Promise<string> {
  const { reports } = await call(emulator.target, 'createAnalyticsReport', {
    body: { reports: { ...period(), ...request } },
  });
  expect(reports.id).not.toBe('');
  return reports.id;
}

/** A report that is not there is a 404 with nothing in the body, whatever the reason. */
async function expectNotReady(id: string): Promise<void> {
  const response = await send(emulator.target, 'getAnalyticsReport', { params: { id } });
  expect(response.status).toBe(404);
  expect(response.text).toBe('');
}

async function completedReport(request: Partial<ReportRequest> = {}): Promise<Report> {
  const id = await startReport(request);
  emulator.clock.advance(DELAY_MS);
  return (await call(emulator.target, 'getAnalyticsReport', { params: { id } })).reports;
}

describe('the report lifecycle', () => {
  it('is 404 and empty until complete, 200 after the delay, and 404 again once expired', async () => {
    const id = await startReport({ time_zone: 'America/Montreal' });
    await expectNotReady(id);
    emulator.clock.advance(DELAY_MS - 1);
    await expectNotReady(id);
    emulator.clock.advance(1);
    const { reports } = await call(emulator.target, 'getAnalyticsReport', { params: { id } });
    expect(reports).toMatchObject({
      id,
      ...period(),
      time_zone: 'America/Montreal',
      completed_at: emulator.clock.seconds(),
    });
    emulator.clock.advance(TTL_MS - 1);
    expect((await call(emulator.target, 'getAnalyticsReport', { params: { id } })).reports.id).toBe(
      id,
    );
    emulator.clock.advance(1);
    await expectNotReady(id);
  });
});

describe('report contents', () => {
  it('counts the period day by day, the days adding up to the totals', async () => {
    const report = await completedReport();
    expect(report.time_zone).toBe('UTC');
    expect(report.totals.conversations_created).toBeGreaterThan(0);
    expect(report.totals.messages_received).toBeGreaterThan(0);
    expect(report.totals.messages_sent).toBeGreaterThan(0);
    const days = report.by_day.map((day) => day.date);
    expect(days).toEqual([...days].sort());
    for (const day of days) expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const field of [
      'conversations_created',
      'messages_received',
      'messages_sent',
      'comments_created',
      'conversations_closed',
    ] as const) {
      expect(
        report.by_day.reduce((sum, day) => sum + day[field], 0),
        field,
      ).toBe(report.totals[field]);
    }
    const byAccount = report.by_account_type.reduce((sum, row) => sum + row.messages_received, 0);
    expect(byAccount).toBe(report.totals.messages_received);
  });

  it('narrows to one team and one account type', async () => {
    const everything = await completedReport();
    const team = first(directory.teams);
    const narrowed = await completedReport({ teams: [team.id], account_types: ['email'] });
    expect(narrowed.by_team.map((row) => row.team)).toEqual([team.id]);
    expect(narrowed.by_account_type.map((row) => row.account_type)).toEqual(['email']);
    expect(narrowed.totals.conversations_created).toBeGreaterThan(0);
    expect(narrowed.totals.conversations_created).toBeLessThan(
      everything.totals.conversations_created,
    );
  });

  it('counts nothing in a period before any activity', async () => {
    const report = await completedReport({ start: 1_000_000, end: 2_000_000 });
    expect(report.totals).toMatchObject({
      conversations_created: 0,
      messages_received: 0,
      messages_sent: 0,
    });
    expect(report.by_day).toEqual([]);
  });
});

describe('report requests', () => {
  const invalid: [string, Record<string, unknown>, string][] = [
    ['an end before the start', { start: 2_000, end: 1_000 }, 'reports.end: must be after start'],
    [
      'an unknown time zone',
      { time_zone: 'Mars/Olympus' },
      'reports.time_zone: must be an IANA time zone such as "America/Montreal"',
    ],
    [
      'an unknown account type',
      { account_types: ['fax'] },
      'reports.account_types[0]: "fax" is not one of custom, email, instagram, live_chat, messenger, sms, whatsapp',
    ],
    ['a start given as text', { start: '1691812800' }, 'reports.start'],
  ];

  it.each(invalid)('refuses %s', async (_what, fields, message) => {
    await expectRefused(
      emulator.target,
      'createAnalyticsReport',
      { body: { reports: { ...period(), ...fields } } },
      400,
      message,
    );
  });

  it('refuses filters naming records that do not exist', async () => {
    await expectRefused(
      emulator.target,
      'createAnalyticsReport',
      { body: { reports: { ...period(), organization: 'no-such-organization' } } },
      400,
      'organization: no organization with id "no-such-organization"',
    );
    await expectRefused(
      emulator.target,
      'createAnalyticsReport',
      { body: { reports: { ...period(), teams: ['no-such-team'] } } },
      400,
      'teams: no team with id "no-such-team"',
    );
  });
});
