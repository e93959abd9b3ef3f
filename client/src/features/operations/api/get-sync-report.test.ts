import { describe, expect, it } from 'vitest';
import { loading, syncReport } from '../test/sync-fixtures';
import {
  SYNC_LOADING_REFRESH_MS,
  SYNC_SETTLED_REFRESH_MS,
  syncRefreshInterval,
} from './get-sync-report';

describe('syncRefreshInterval', () => {
  it('polls every few seconds while any object is in its initial load', () => {
    expect(SYNC_LOADING_REFRESH_MS).toBeLessThanOrEqual(5_000);
    expect(syncRefreshInterval(syncReport({ contacts: loading(3, 8) }))).toBe(
      SYNC_LOADING_REFRESH_MS,
    );
  });

  it('keeps polling fast for a part that fails before its first full read', () => {
    expect(
      syncRefreshInterval(
        syncReport({ contacts: { ...loading(3, 8), state: 'failing', reason: 'refused' } }),
      ),
    ).toBe(SYNC_LOADING_REFRESH_MS);
  });

  it('even when the sync runs in another process (npm run sync)', () => {
    expect(syncRefreshInterval(syncReport({ tasks: loading(0, 1) }, { running: false }))).toBe(
      SYNC_LOADING_REFRESH_MS,
    );
  });

  it('slows down once every object is live, failing after its load, or before any answer', () => {
    expect(SYNC_SETTLED_REFRESH_MS).toBe(30_000);
    expect(syncRefreshInterval(syncReport())).toBe(SYNC_SETTLED_REFRESH_MS);
    expect(
      syncRefreshInterval(syncReport({ tasks: { state: 'failing', reason: 'refused' } })),
    ).toBe(SYNC_SETTLED_REFRESH_MS);
    expect(syncRefreshInterval(undefined)).toBe(SYNC_SETTLED_REFRESH_MS);
  });
});
