import { accountTypes, reportCreateBody, type ReportRequest } from '@crm/shared/missive/analytics';
import { describeInvalid } from '@/lib/describe-error';
import type { SearchParamChanges } from '@/lib/search-params';
import { addDays, dayOf, isDay, isTimeZone, startOfDay } from './zoned-time';

/**
 * The report form's state, read from and written to the URL so that a
 * reload, the back button and a shared link show the same report. Lists
 * are comma-separated ids (Missive ids never hold a comma).
 */

export type AccountType = (typeof accountTypes)[number];

export interface ReportFilters {
  /** First day of the period, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day of the period, inclusive. */
  to: string;
  timeZone: string;
  teams: string[];
  users: string[];
  sharedLabels: string[];
  accountTypes: AccountType[];
}

export const FILTER_PARAMS = {
  from: 'from',
  to: 'to',
  timeZone: 'tz',
  teams: 'teams',
  users: 'users',
  sharedLabels: 'labels',
  accountTypes: 'types',
} as const satisfies Record<keyof ReportFilters, string>;

/** Without dates in the URL: the last seven days, today included. */
export const DEFAULT_PERIOD_DAYS = 7;

export function readFilters(
  params: URLSearchParams,
  defaults: { timeZone: string; today: (timeZone: string) => string },
): ReportFilters {
  const zone = params.get(FILTER_PARAMS.timeZone);
  const timeZone = zone && isTimeZone(zone) ? zone : defaults.timeZone;
  const to = params.get(FILTER_PARAMS.to) ?? defaults.today(timeZone);
  const from = params.get(FILTER_PARAMS.from) ?? addDaysIfValid(to, 1 - DEFAULT_PERIOD_DAYS);
  return {
    from,
    to,
    timeZone,
    teams: readList(params, FILTER_PARAMS.teams),
    users: readList(params, FILTER_PARAMS.users),
    sharedLabels: readList(params, FILTER_PARAMS.sharedLabels),
    accountTypes: readList(params, FILTER_PARAMS.accountTypes).filter(isAccountType),
  };
}

/** The URL changes that write `filters` (all of them, or just those given). */
export function filterChanges(filters: Partial<ReportFilters>): SearchParamChanges {
  const changes: Record<string, string | null> = {};
  const put = (param: string, value: string | readonly string[] | undefined) => {
    if (value !== undefined) changes[param] = typeof value === 'string' ? value : value.join(',');
  };
  put(FILTER_PARAMS.from, filters.from);
  put(FILTER_PARAMS.to, filters.to);
  put(FILTER_PARAMS.timeZone, filters.timeZone);
  put(FILTER_PARAMS.teams, filters.teams);
  put(FILTER_PARAMS.users, filters.users);
  put(FILTER_PARAMS.sharedLabels, filters.sharedLabels);
  put(FILTER_PARAMS.accountTypes, filters.accountTypes);
  return changes;
}

/**
 * What Missive is asked for: the period from the start of `from` to the
 * start of the day after `to`, in the chosen zone. Empty filters are left
 * out and lists sorted, so equal choices make equal requests (and keys).
 */
export function toReportRequest(
  organization: string,
  filters: ReportFilters,
): { request: ReportRequest } | { error: string } {
  if (!isDay(filters.from)) return { error: 'From: choose a day.' };
  if (!isDay(filters.to)) return { error: 'To: choose a day.' };
  if (filters.from > filters.to) return { error: 'To: must be on or after the first day.' };
  const lists = {
    teams: filters.teams,
    users: filters.users,
    shared_labels: filters.sharedLabels,
    account_types: filters.accountTypes,
  };
  const candidate = {
    organization,
    start: startOfDay(filters.from, filters.timeZone),
    end: startOfDay(addDays(filters.to, 1), filters.timeZone),
    time_zone: filters.timeZone,
    ...Object.fromEntries(
      Object.entries(lists)
        .filter(([, ids]) => ids.length > 0)
        .map(([name, ids]) => [name, [...ids].sort()]),
    ),
  };
  const parsed = reportCreateBody.shape.reports.safeParse(candidate);
  return parsed.success ? { request: parsed.data } : { error: describeInvalid(parsed.error) };
}

/** One string per distinct request: the key a finished report is kept under. */
export function requestKey(request: ReportRequest): string {
  return JSON.stringify([
    request.organization,
    request.start,
    request.end,
    request.time_zone ?? null,
    request.teams ?? [],
    request.users ?? [],
    request.shared_labels ?? [],
    request.account_types ?? [],
  ]);
}

/** The days a report covers, as the person chose them. */
export function reportPeriod(report: { start: number; end: number; time_zone: string }) {
  return {
    from: dayOf(report.start, report.time_zone),
    to: dayOf(report.end - 1, report.time_zone),
  };
}

function readList(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? '').split(',').filter(Boolean);
}

export function isAccountType(value: string): value is AccountType {
  return accountTypes.some((type) => type === value);
}

function addDaysIfValid(day: string, days: number): string {
  return isDay(day) ? addDays(day, days) : day;
}
