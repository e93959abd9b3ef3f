import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { Task } from '@crm/shared/missive/tasks';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';
import { taskListQuery, type TaskFilters } from '../utils/task-filters';

/** Missive's largest page of tasks. */
export const TASKS_PAGE_SIZE = 50;

const NEWEST: TimeCursor = {};

/** Every filtered task list is cached under this prefix; a change to a task refreshes them all. */
export function getTaskListsQueryKey() {
  return [...missiveQueryKey, 'tasks', 'list'] as const;
}

/**
 * One page of tasks across the organization, latest activity first. Like
 * conversations, tasks page by time: `until` = the oldest `last_activity_at`
 * of the previous page.
 */
export async function getTasks(
  filters: TaskFilters,
  cursor: TimeCursor,
  signal?: AbortSignal,
): Promise<Task[]> {
  const { tasks } = await callMissive('listTasks', {
    query: { ...taskListQuery(filters), ...timePageQuery(cursor, TASKS_PAGE_SIZE) },
    ...(signal ? { signal } : {}),
  });
  return tasks;
}

export function getTasksQueryOptions(filters: TaskFilters) {
  return infiniteQueryOptions({
    queryKey: [...getTaskListsQueryKey(), filters],
    queryFn: ({ pageParam, signal }) => getTasks(filters, pageParam, signal),
    initialPageParam: NEWEST,
    // lib/time-paging's timePagedQueryOptions assumes pages of 10; tasks come 50 at a time.
    getNextPageParam: (lastPage, _pages, lastPageParam) =>
      nextTimeCursor(lastPage, lastPageParam, (task) => task.last_activity_at, TASKS_PAGE_SIZE),
  });
}

export function useTasks(filters: TaskFilters, { enabled }: { enabled: boolean }) {
  return useInfiniteQuery({ ...getTasksQueryOptions(filters), enabled });
}
