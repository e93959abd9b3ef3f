import { syncObjects, type SyncObjectReport, type SyncReport } from '@crm/shared/sync';

/** Test data for `GET /api/sync`: one object's line, live unless told otherwise. */
export function syncObject(
  object: SyncObjectReport['object'],
  overrides: Partial<SyncObjectReport> = {},
): SyncObjectReport {
  return {
    object,
    rows: 10,
    state: 'live',
    reason: null,
    lastSuccessAt: Date.now() - 60_000,
    lagMs: 60_000,
    calls: 3,
    parts: { done: 1, total: 1 },
    ...overrides,
  };
}

/** A whole report: every object live, but for the ones given. */
export function syncReport(
  objects: Partial<Record<SyncObjectReport['object'], Partial<SyncObjectReport>>> = {},
  overrides: Partial<Omit<SyncReport, 'objects'>> = {},
): SyncReport {
  return {
    running: true,
    budgetShare: 0.2,
    intervalS: 60,
    objects: syncObjects.map((object) => syncObject(object, objects[object])),
    ...overrides,
  };
}

/** What an object looks like before its first load is over. */
export function loading(done: number, total: number): Partial<SyncObjectReport> {
  return {
    state: 'initial_load',
    lastSuccessAt: null,
    lagMs: null,
    parts: { done, total },
  };
}
