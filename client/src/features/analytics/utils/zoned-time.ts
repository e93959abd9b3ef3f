/**
 * Calendar days in a chosen IANA time zone, without a date library: a report
 * period is "from this day to that day where the team works", which Missive
 * wants as Unix timestamps. Days are `YYYY-MM-DD` strings, as `<input
 * type="date">` reads and writes them.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone the browser runs in: where the person most likely works. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every zone the browser knows, with UTC and the browser's own, sorted. */
export function timeZoneChoices(): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return [...new Set([...known, 'UTC', browserTimeZone()])].sort((a, b) => a.localeCompare(b));
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** How far the zone's clocks are ahead of UTC at that instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

function dayParts(day: string): [number, number, number] {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`"${day}" is not a YYYY-MM-DD day`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Unix seconds at which `day` begins in `timeZone`. */
export function startOfDay(day: string, timeZone: string): number {
  const [year, month, date] = dayParts(day);
  const midnightUtc = Date.UTC(year, month - 1, date);
  // The offset at UTC midnight can differ from the one at local midnight
  // when a DST change falls in between; asking again at the first guess settles it.
  const guess = midnightUtc - offsetAt(midnightUtc, timeZone);
  return Math.floor((midnightUtc - offsetAt(guess, timeZone)) / 1000);
}

/** The day an instant (Unix seconds) falls on in `timeZone`. */
export function dayOf(seconds: number, timeZone: string): string {
  const wall = wallClock(seconds * 1000, timeZone);
  return toDay(wall.year, wall.month, wall.day);
}

export function addDays(day: string, days: number): string {
  const [year, month, date] = dayParts(day);
  const shifted = new Date(Date.UTC(year, month - 1, date + days));
  return toDay(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

function toDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
