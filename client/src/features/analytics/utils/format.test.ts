import { describe, expect, it } from 'vitest';
import { accountTypeName, describeFilters, formatDuration } from './format';

const request = { organization: 'org-1', start: 0, end: 86_400 };

describe('report formatting', () => {
  it('reads durations at the scale that matters', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(12 * 60 + 10)).toBe('12 min');
    expect(formatDuration(3900)).toBe('1 h 5 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2 d 4 h');
  });

  it('names account types as people do, and keeps unknown ones', () => {
    expect(accountTypeName('live_chat')).toBe('Live chat');
    expect(accountTypeName('whatsapp')).toBe('WhatsApp');
    expect(accountTypeName('carrier_pigeon')).toBe('carrier_pigeon');
  });

  it('says what a report was narrowed to', () => {
    expect(describeFilters(request)).toBe('all activity');
    expect(describeFilters({ ...request, teams: ['t1', 't2'], account_types: ['email'] })).toBe(
      'only 2 teams, 1 account type',
    );
  });
});
