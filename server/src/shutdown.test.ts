import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_WINDOW_MS, shutDown, type ShutdownParts } from './shutdown';

const GRACE_MS = 25_000;

/** A promise settled from outside. */
function deferred() {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** The parts a shutdown stops, each recording when it was asked to. */
function fakeParts() {
  const steps: string[] = [];
  const drained = deferred();
  const syncStopped = deferred();
  const parts: ShutdownParts = {
    listening: {
      drain: () => {
        steps.push('drain');
        return drained.promise;
      },
      close: () => {
        steps.push('cut');
        drained.resolve();
        return drained.promise;
      },
    },
    hub: {
      close: () => {
        steps.push('end streams');
      },
    },
    gateway: {
      close: () => {
        steps.push('refuse queued');
      },
      abandon: () => {
        steps.push('abandon');
        return Promise.resolve();
      },
    },
    stopBackground: () => {
      steps.push('stop sync');
      return syncStopped.promise;
    },
    release: () => {
      steps.push('release');
      return Promise.resolve();
    },
    graceMs: GRACE_MS,
    log: vi.fn(),
  };
  return { parts, steps, drained, syncStopped };
}

describe('shutDown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops accepting and ends streams at once, and releases the store once everything under way is done', async () => {
    const { parts, steps, drained, syncStopped } = fakeParts();
    const done = shutDown(parts);
    expect(steps).toEqual(['drain', 'end streams', 'stop sync', 'refuse queued']);

    drained.resolve();
    await vi.advanceTimersByTimeAsync(GRACE_MS - 1);
    // The sync's call is still under way: the store must stay open for it.
    expect(steps).not.toContain('release');
    syncStopped.resolve();
    await done;
    expect(steps.slice(4)).toEqual(['release']);
    expect(parts.log).not.toHaveBeenCalled();
  });

  it('gives up on Missive exactly when the grace ends, then lets the answers leave', async () => {
    const { parts, steps, drained, syncStopped } = fakeParts();
    parts.gateway.abandon = () => {
      steps.push('abandon');
      // Giving up answers the waiting requests and ends the sync's call.
      drained.resolve();
      syncStopped.resolve();
      return Promise.resolve();
    };
    const done = shutDown(parts);
    await vi.advanceTimersByTimeAsync(GRACE_MS - 1);
    expect(steps).not.toContain('abandon');
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(steps.slice(4)).toEqual(['abandon', 'release']);
    expect(parts.log).toHaveBeenCalledWith(expect.stringMatching(/25 s grace.*unknown outcome/));
  });

  it('cuts what still holds a connection a moment after giving up, then releases', async () => {
    const { parts, steps, syncStopped } = fakeParts();
    syncStopped.resolve();
    const done = shutDown(parts);
    await vi.advanceTimersByTimeAsync(GRACE_MS + ANSWER_WINDOW_MS - 1);
    expect(steps.slice(4)).toEqual(['abandon']);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(steps.slice(4)).toEqual(['abandon', 'cut', 'release']);
  });
});
