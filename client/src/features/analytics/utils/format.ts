import type { ReportRequest } from '@crm/shared/missive/analytics';
import { isAccountType, type AccountType } from './report-filters';

const ACCOUNT_TYPE_NAMES: Record<AccountType, string> = {
  custom: 'Custom channel',
  email: 'Email',
  instagram: 'Instagram',
  live_chat: 'Live chat',
  messenger: 'Messenger',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
};

/** A channel as people call it; a type Missive adds later reads as itself. */
export function accountTypeName(type: string): string {
  return isAccountType(type) ? ACCOUNT_TYPE_NAMES[type] : type;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h"; a dash when there was nothing to measure. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

const integer = new Intl.NumberFormat();

export function formatCount(value: number): string {
  return integer.format(value);
}

/** "3 Mar 2024": a calendar day as people read it (no time zone shift). */
export function formatDay(day: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...options,
  }).format(new Date(`${day}T00:00:00Z`));
}

/** "4 Mar 2024 – 10 Mar 2024" from inclusive YYYY-MM-DD days. */
export function formatPeriod(from: string, to: string): string {
  return from === to ? formatDay(from) : `${formatDay(from)} – ${formatDay(to)}`;
}

/** "2 teams, 1 user" or "all activity": what the report was narrowed to. */
export function describeFilters(request: ReportRequest): string {
  const parts = [
    plural(request.teams?.length ?? 0, 'team'),
    plural(request.users?.length ?? 0, 'user'),
    plural(request.shared_labels?.length ?? 0, 'label'),
    plural(request.account_types?.length ?? 0, 'account type'),
  ].filter((part) => part !== null);
  return parts.length ? `only ${parts.join(', ')}` : 'all activity';
}

function plural(n: number, noun: string): string | null {
  if (n === 0) return null;
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(ms),
  );
}
