import { describe, expect, it } from 'vitest';
import type { SyncObjectReport, SyncReport } from '@crm/shared/sync';
import {
  describeMirrorProgress,
  externalEmails,
  mirrorIsLive,
  ownDomainsOf,
  waitForLiveMirror,
} from './bench-missive';

describe('externalEmails and ownDomainsOf', () => {
  it('skips the organisation’s own addresses and repeats, keeping the first spelling', () => {
    const authors = [
      { name: 'Ann', address: 'Ann@Customer.example' },
      { name: 'Camille', address: 'camille@brightwell.io' },
      { name: 'Ann again', address: 'ann@customer.example' },
      { name: 'SMS', address: null },
      { name: 'Bob', address: 'bob@other.example' },
    ];
    const own = ownDomainsOf([{ email: 'Camille@Brightwell.io' }, { email: 'li@brightwell.io' }]);
    expect(own).toEqual(new Set(['brightwell.io']));
    expect(externalEmails({ authors }, own)).toEqual(['Ann@Customer.example', 'bob@other.example']);
  });
});

function object(
  name: SyncObjectReport['object'],
  state: SyncObjectReport['state'],
  reason: string | null = null,
): SyncObjectReport {
  return {
    object: name,
    rows: 0,
    state,
    reason,
    lastSuccessAt: null,
    lagMs: null,
    calls: 0,
    parts: { done: 1, total: 3 },
  };
}

function report(...objects: SyncObjectReport[]): SyncReport {
  return { running: true, budgetShare: 0.2, intervalS: 60, objects };
}

describe('mirrorIsLive and describeMirrorProgress', () => {
  it('is live only when every object is, and never for an empty report', () => {
    expect(mirrorIsLive(report(object('users', 'live'), object('contacts', 'live')))).toBe(true);
    expect(mirrorIsLive(report(object('users', 'live'), object('contacts', 'initial_load')))).toBe(
      false,
    );
    expect(mirrorIsLive(report(object('users', 'failing', 'boom')))).toBe(false);
    expect(mirrorIsLive(report())).toBe(false);
  });

  it('names what is still loading, with its parts, and what fails, with why', () => {
    expect(
      describeMirrorProgress(
        report(
          object('users', 'live'),
          object('contacts', 'initial_load'),
          object('conversations', 'failing', 'Missive answered 500'),
        ),
      ),
    ).toBe('contacts 1/3 parts, conversations failing (Missive answered 500)');
    expect(describeMirrorProgress(report(object('users', 'live')))).toBe('every object live');
  });
});

describe('waitForLiveMirror', () => {
  it('polls until the mirror is live', async () => {
    const answers = [
      report(object('contacts', 'initial_load')),
      report(object('contacts', 'live')),
    ];
    let reads = 0;
    const { report: live } = await waitForLiveMirror(
      () => Promise.resolve(answers[Math.min(reads++, 1)] ?? report()),
      { timeoutMs: 5000, pollMs: 1 },
    );
    expect(mirrorIsLive(live)).toBe(true);
    expect(reads).toBe(2);
  });

  it('gives up past its deadline, saying what was still loading', async () => {
    await expect(
      waitForLiveMirror(() => Promise.resolve(report(object('contacts', 'initial_load'))), {
        timeoutMs: 5,
        pollMs: 2,
      }),
    ).rejects.toThrow('the mirror was not live after 0 s: contacts 1/3 parts');
  });
});
