import { describe, expect, it } from 'vitest';
import { pageByOffset, pageByTime } from './paging';

const item = (id: string, at: number) => ({ id, at });
const at = (entry: { at: number }) => entry.at;

describe('pageByTime', () => {
  const items = [
    item('a', 50),
    item('b', 40),
    item('c', 40),
    item('d', 40),
    item('e', 30),
    item('f', 10),
  ];

  it('lists newest first, at most limit when nothing ties at the edge', () => {
    expect(pageByTime(items, at, { until: undefined, limit: 1 }).map((entry) => entry.id)).toEqual([
      'a',
    ]);
  });

  it('grows a page to take every item tied with its last one', () => {
    expect(pageByTime(items, at, { until: undefined, limit: 2 }).map((entry) => entry.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('excludes the until timestamp, so a walk has no duplicates and no gaps', () => {
    const seen: string[] = [];
    let until: number | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = pageByTime(items, at, { until, limit: 2 });
      seen.push(...page.map((entry) => entry.id));
      const last = page.at(-1);
      if (page.length < 2 || !last) break;
      until = last.at;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('pageByOffset', () => {
  it('defaults to 50 from the start', () => {
    const numbers = Array.from({ length: 120 }, (_, index) => index);
    expect(pageByOffset(numbers, {})).toHaveLength(50);
    expect(pageByOffset(numbers, { offset: 100, limit: 50 })).toEqual(numbers.slice(100));
  });
});
