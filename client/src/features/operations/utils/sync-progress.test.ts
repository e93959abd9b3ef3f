import { describe, expect, it } from 'vitest';
import { loading, syncObject, syncReport } from '../test/sync-fixtures';
import { describeParts, isLoading, summarizeSync } from './sync-progress';

const now = Date.now();

describe('isLoading', () => {
  it('is true during the initial load, and while failing before every part was read', () => {
    expect(isLoading(syncObject('contacts', loading(3, 8)))).toBe(true);
    expect(
      isLoading(syncObject('contacts', { state: 'failing', parts: { done: 3, total: 8 } })),
    ).toBe(true);
    expect(
      isLoading(syncObject('contacts', { state: 'failing', parts: { done: 8, total: 8 } })),
    ).toBe(false);
    expect(isLoading(syncObject('contacts'))).toBe(false);
  });
});

describe('describeParts', () => {
  it('names the parts: contact books, mailboxes, or the one list', () => {
    expect(describeParts(syncObject('contacts', loading(3, 8)))).toBe('3 of 8 contact books');
    expect(describeParts(syncObject('conversations', loading(0, 1)))).toBe('0 of 1 mailbox');
    expect(describeParts(syncObject('tasks', loading(0, 1)))).toBe('0 of 1 list');
  });
});

describe('summarizeSync', () => {
  it('counts the objects done during the initial load', () => {
    const report = syncReport({
      contact_books: loading(0, 1),
      contact_groups: loading(0, 0),
      contacts: loading(0, 0),
      conversations: loading(1, 3),
      tasks: loading(0, 1),
      responses: loading(0, 1),
    });
    expect(summarizeSync(report, now)).toEqual({
      tone: 'loading',
      text: 'Initial load: 4 of 10 objects done.',
    });
  });

  it('says live and how long ago the latest round finished', () => {
    const report = syncReport({
      contacts: { lastSuccessAt: now - 12_000 },
      tasks: { lastSuccessAt: now - 40_000 },
      organizations: { lastSuccessAt: now - 900_000 },
    });
    expect(summarizeSync(report, now)).toEqual({
      tone: 'live',
      text: 'Live, last round 12 s ago.',
    });
  });

  it('names what fails first, and the load still to finish', () => {
    const failing = { state: 'failing', reason: 'refused' } as const;
    expect(summarizeSync(syncReport({ contacts: failing, tasks: failing }), now)).toEqual({
      tone: 'failing',
      text: 'Failing: Contacts, Tasks.',
    });
    expect(
      summarizeSync(
        syncReport({
          contacts: { ...failing, ...loading(2, 8), state: 'failing' },
          responses: loading(0, 1),
        }),
        now,
      ).text,
    ).toBe('Failing: Contacts. Initial load: 8 of 10 objects done.');
  });
});
