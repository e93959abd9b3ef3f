import { describe, expect, it } from 'vitest';
import {
  filterChanges,
  readFilters,
  reportPeriod,
  requestKey,
  toReportRequest,
} from './report-filters';

const defaults = { timeZone: 'Europe/Paris', today: () => '2024-03-10' };

describe('readFilters', () => {
  it('defaults to the last seven days in the browser zone, with no filters', () => {
    expect(readFilters(new URLSearchParams(), defaults)).toEqual({
      from: '2024-03-04',
      to: '2024-03-10',
      timeZone: 'Europe/Paris',
      teams: [],
      users: [],
      sharedLabels: [],
      accountTypes: [],
    });
  });

  it('reads every filter from the URL and drops unknown account types and zones', () => {
    const params = new URLSearchParams(
      'from=2024-01-01&to=2024-01-31&tz=Asia/Tokyo&teams=t1,t2&users=u1&labels=l1&types=email,fax,sms',
    );
    expect(readFilters(params, defaults)).toMatchObject({
      from: '2024-01-01',
      to: '2024-01-31',
      timeZone: 'Asia/Tokyo',
      teams: ['t1', 't2'],
      users: ['u1'],
      sharedLabels: ['l1'],
      accountTypes: ['email', 'sms'],
    });
    expect(readFilters(new URLSearchParams('tz=Nowhere/Atall'), defaults).timeZone).toBe(
      'Europe/Paris',
    );
  });

  it('writes back what it reads', () => {
    const filters = readFilters(new URLSearchParams('teams=t1,t2&types=email'), defaults);
    expect(filterChanges(filters)).toEqual({
      from: '2024-03-04',
      to: '2024-03-10',
      tz: 'Europe/Paris',
      teams: 't1,t2',
      users: '',
      labels: '',
      types: 'email',
    });
    expect(filterChanges({ users: ['u9'] })).toEqual({ users: 'u9' });
  });
});

describe('toReportRequest', () => {
  const filters = readFilters(new URLSearchParams('users=u2,u1'), defaults);

  it('covers whole days in the zone, sorts lists and leaves empty ones out', () => {
    const result = toReportRequest('org-1', filters);
    expect(result).toEqual({
      request: {
        organization: 'org-1',
        start: Date.UTC(2024, 2, 3, 23) / 1000,
        end: Date.UTC(2024, 2, 10, 23) / 1000,
        time_zone: 'Europe/Paris',
        users: ['u1', 'u2'],
      },
    });
    if (!('request' in result)) throw new Error('a request was expected');
    expect(reportPeriod({ ...result.request, time_zone: 'Europe/Paris' })).toEqual({
      from: '2024-03-04',
      to: '2024-03-10',
    });
  });

  it('refuses a period that ends before it starts, or a day that is not one', () => {
    expect(toReportRequest('org-1', { ...filters, from: '2024-03-11' })).toEqual({
      error: 'To: must be on or after the first day.',
    });
    expect(toReportRequest('org-1', { ...filters, to: '' })).toEqual({
      error: 'To: choose a day.',
    });
  });

  it('gives equal choices equal keys, whatever order the lists were picked in', () => {
    const a = toReportRequest('org-1', { ...filters, teams: ['t1', 't2'] });
    const b = toReportRequest('org-1', { ...filters, teams: ['t2', 't1'] });
    const c = toReportRequest('org-1', { ...filters, teams: ['t1'] });
    if (!('request' in a) || !('request' in b) || !('request' in c)) throw new Error('requests');
    expect(requestKey(a.request)).toBe(requestKey(b.request));
    expect(requestKey(a.request)).not.toBe(requestKey(c.request));
  });
});
