import { describe, expect, it } from 'vitest';
import { makeComment, makeMessage } from '@/test/conversation-fixtures';
import { mergeTimeline, type TimelineEntry, type TimelineList } from './use-timeline';

function messages(times: number[]): TimelineEntry[] {
  return times.map((time, index) => {
    const message = makeMessage({ id: `m${index}`, delivered_at: time });
    return { kind: 'message', id: message.id, time, message };
  });
}

function comments(times: number[]): TimelineEntry[] {
  return times.map((time, index) => {
    const comment = makeComment({ id: `c${index}`, created_at: time });
    return { kind: 'comment', id: comment.id, time, comment };
  });
}

const range = (from: number, count: number, step: number) =>
  Array.from({ length: count }, (_, index) => from - index * step);

describe('mergeTimeline', () => {
  it('shows everything, newest first, once no list has more', () => {
    const lists: TimelineList[] = [
      { entries: messages([300, 100]), hasMore: false },
      { entries: comments([300, 200]), hasMore: false },
    ];
    const { entries, shouldFetch } = mergeTimeline(lists);
    // A message and a comment in the same second: messages first, stably.
    expect(entries.map((entry) => entry.id)).toEqual(['m0', 'c0', 'c1', 'm1']);
    expect(shouldFetch).toEqual([false, false]);
  });

  it('holds back what is older than a list with more pages has reached', () => {
    const lists: TimelineList[] = [
      { entries: messages(range(1000, 10, 10)), hasMore: true },
      { entries: comments([995, 500]), hasMore: false },
    ];
    const { entries, shouldFetch } = mergeTimeline(lists);
    expect(entries.at(-1)?.id).toBe('m9');
    expect(entries.map((entry) => entry.id)).not.toContain('c1');
    expect(shouldFetch).toEqual([true, false]);
  });

  it('lets a list that already holds a page of hidden entries wait', () => {
    // A burst of recent comments (back to 910) after a page of older messages.
    const lists: TimelineList[] = [
      { entries: messages(range(905, 10, 50)), hasMore: true },
      { entries: comments(range(1000, 10, 10)), hasMore: true },
    ];
    const { entries, shouldFetch } = mergeTimeline(lists);
    expect(entries.map((entry) => entry.kind)).toEqual(Array(10).fill('comment'));
    expect(shouldFetch).toEqual([false, true]);
  });
});
