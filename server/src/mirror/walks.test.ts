import { describe, expect, it } from 'vitest';
import { advanceOffsetWalk, advanceTimeWalk, startOffsetWalk, startTimeWalk } from './walks';

describe('a walk newest first with until', () => {
  it('goes on from the oldest timestamp of a full page and ends at a short page', () => {
    const first = advanceTimeWalk(startTimeWalk(null), [900, 880, 870], 3);
    expect(first).toEqual({
      done: false,
      walk: { type: 'time', until: 870, top: 900, stopAt: null },
    });
    if (first.done) return;
    expect(advanceTimeWalk(first.walk, [860, 850], 3)).toEqual({ done: true, checkpoint: 900 });
  });

  it('takes a page grown past the limit by tied timestamps and goes on below the tie', () => {
    // limit 2, but the page holds the whole run of 870s, as Missive's paging does.
    const step = advanceTimeWalk(startTimeWalk(null), [900, 870, 870, 870], 2);
    expect(step).toEqual({
      done: false,
      walk: { type: 'time', until: 870, top: 900, stopAt: null },
    });
  });

  it('stops when a page comes back no older than until, which an inclusive until would do for ever', () => {
    const walk = { type: 'time' as const, until: 870, top: 900, stopAt: null };
    expect(advanceTimeWalk(walk, [870, 870], 2)).toEqual({ done: true, checkpoint: 900 });
  });

  it('an incremental walk stops once a page reaches below the checkpoint', () => {
    const walk = startTimeWalk(850);
    expect(advanceTimeWalk(walk, [990, 980, 840], 3)).toEqual({ done: true, checkpoint: 990 });
  });

  it('reads one page more when a page ends exactly at the checkpoint: that second may hold changes', () => {
    const step = advanceTimeWalk(startTimeWalk(850), [990, 980, 850], 3);
    expect(step).toEqual({
      done: false,
      walk: { type: 'time', until: 850, top: 990, stopAt: 850 },
    });
  });

  it('keeps the checkpoint when nothing changed since (an empty page)', () => {
    expect(advanceTimeWalk(startTimeWalk(850), [], 50)).toEqual({ done: true, checkpoint: 850 });
    expect(advanceTimeWalk(startTimeWalk(null), [], 50)).toEqual({ done: true, checkpoint: null });
  });

  it('never moves the checkpoint back', () => {
    // Only older items answered (e.g. the newest left the mailbox).
    expect(advanceTimeWalk(startTimeWalk(850), [700], 50)).toEqual({ done: true, checkpoint: 850 });
  });
});

describe('a walk by offset, most recently modified first', () => {
  it('advances the offset by what the page held and ends at a short page', () => {
    const first = advanceOffsetWalk(startOffsetWalk(null), [500, 400], 2);
    expect(first).toEqual({
      done: false,
      walk: { type: 'offset', since: null, offset: 2, top: 500 },
    });
    if (first.done) return;
    expect(advanceOffsetWalk(first.walk, [300], 2)).toEqual({ done: true, checkpoint: 500 });
  });

  it('an incremental walk with nothing modified keeps its checkpoint', () => {
    expect(advanceOffsetWalk(startOffsetWalk(500), [], 200)).toEqual({
      done: true,
      checkpoint: 500,
    });
  });

  it('an incremental walk moves the checkpoint to the newest change it read', () => {
    expect(advanceOffsetWalk(startOffsetWalk(500), [650, 500], 200)).toEqual({
      done: true,
      checkpoint: 650,
    });
  });
});
