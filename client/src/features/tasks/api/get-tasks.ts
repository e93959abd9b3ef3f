import { useInfiniteQuery } from '@tanstack/react-query';
import { missivePages } from '@/lib/queries';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';
import { taskListQuery, type TaskFilters } from '../utils/task-filters';

/** Missive's largest page of tasks. */
export const TASKS_PAGE_SIZE = 50;

const NEWEST: TimeCursor = {};

/**
 * Tasks across the organization, latest activity first, page by page. Like
 * conversations, tasks page by time: `until` = the oldest `last_activity_at`
 * of the previous page.
 */
export function getTasksQueryOptions(filters: TaskFilters) {
  return missivePages('listTasks', {
    page: (cursor: TimeCursor) => ({
      query: { ...taskListQuery(filters), ...timePageQuery(cursor, TASKS_PAGE_SIZE) },
    }),
    initialPageParam: NEWEST,
    select: ({ tasks }) => tasks,
    // lib/time-paging's timePagedQueryOptions assumes pages of 10; tasks come 50 at a time.
    getNextPageParam: (lastPage, _pages, lastPageParam) =>
      nextTimeCursor(lastPage, lastPageParam, (task) => task.last_activity_at, TASKS_PAGE_SIZE),
  });
}

export function useTasks(filters: TaskFilters, { enabled }: { enabled: boolean }) {
  return useInfiniteQuery({ ...getTasksQueryOptions(filters), enabled });
}
