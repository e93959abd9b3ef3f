import { describe, expect, it } from 'vitest';
import { readTaskFilters, taskFiltersProblem, taskListQuery } from './task-filters';

const read = (search: string) => readTaskFilters(new URLSearchParams(search), 'org-1');

describe('task filters', () => {
  it('reads the URL, ignoring values that mean nothing', () => {
    expect(read('state=done&type=everything&due_from=tomorrow&team=&assignee=u-1')).toEqual({
      organization: 'org-1',
      state: null,
      type: 'all',
      team: null,
      assignee: 'u-1',
      dueFrom: null,
      dueTo: null,
    });
  });

  it('asks for whole days in the local time zone', () => {
    const query = taskListQuery(read('state=closed&due_from=2031-01-01&due_to=2031-01-01'));
    expect(query).toEqual({
      organization: 'org-1',
      type: 'all',
      state: 'closed',
      due_at_gteq: String(new Date(2031, 0, 1).getTime() / 1000),
      due_at_lteq: String(new Date(2031, 0, 1, 23, 59, 59).getTime() / 1000),
    });
  });

  it('refuses a range that ends before it starts, and only that', () => {
    expect(taskFiltersProblem(read('due_from=2031-01-02&due_to=2031-01-01'))).toMatch(
      /ends before/,
    );
    expect(taskFiltersProblem(read('due_from=2031-01-01&due_to=2031-01-01'))).toBeNull();
    expect(taskFiltersProblem(read('due_to=2031-01-01'))).toBeNull();
  });
});
