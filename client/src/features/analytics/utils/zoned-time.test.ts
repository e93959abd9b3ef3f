import { describe, expect, it } from 'vitest';
import { addDays, dayOf, isDay, isTimeZone, startOfDay, timeZoneChoices } from './zoned-time';

describe('startOfDay', () => {
  it('is midnight in the zone, as Unix seconds', () => {
    expect(startOfDay('2024-01-15', 'UTC')).toBe(Date.UTC(2024, 0, 15) / 1000);
    // Montreal is UTC-5 in winter, UTC-4 in summer.
    expect(startOfDay('2024-01-15', 'America/Montreal')).toBe(Date.UTC(2024, 0, 15, 5) / 1000);
    expect(startOfDay('2024-07-15', 'America/Montreal')).toBe(Date.UTC(2024, 6, 15, 4) / 1000);
    // East of Greenwich, the day begins the evening before in UTC.
    expect(startOfDay('2024-01-15', 'Asia/Tokyo')).toBe(Date.UTC(2024, 0, 14, 15) / 1000);
    expect(startOfDay('2024-01-15', 'Asia/Kolkata')).toBe(Date.UTC(2024, 0, 14, 18, 30) / 1000);
  });

  it('takes the offset of the day itself on days clocks change', () => {
    // Paris moves from UTC+1 to UTC+2 at 02:00 on 31 March 2024: midnight is still UTC+1.
    expect(startOfDay('2024-03-31', 'Europe/Paris')).toBe(Date.UTC(2024, 2, 30, 23) / 1000);
    expect(startOfDay('2024-04-01', 'Europe/Paris')).toBe(Date.UTC(2024, 2, 31, 22) / 1000);
    // A day on which clocks change lasts 23 hours.
    expect(
      startOfDay('2024-04-01', 'Europe/Paris') - startOfDay('2024-03-31', 'Europe/Paris'),
    ).toBe(23 * 3600);
  });
});

describe('dayOf and addDays', () => {
  it('reads the calendar day in the zone', () => {
    const instant = Date.UTC(2024, 0, 14, 20) / 1000;
    expect(dayOf(instant, 'UTC')).toBe('2024-01-14');
    expect(dayOf(instant, 'Asia/Tokyo')).toBe('2024-01-15');
    expect(dayOf(startOfDay('2024-03-31', 'Europe/Paris'), 'Europe/Paris')).toBe('2024-03-31');
  });

  it('adds days across months and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -6)).toBe('2024-02-24');
  });
});

describe('validation', () => {
  it('knows real days and zones', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2024-2-1')).toBe(false);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(timeZoneChoices()).toContain('UTC');
    expect(timeZoneChoices()).toContain('Europe/Paris');
  });
});
