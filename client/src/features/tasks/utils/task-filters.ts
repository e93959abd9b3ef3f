import { taskStates, type TaskState } from '@crm/shared/missive/tasks';
import { dateInputToUnix } from './due-date';

/** Missive's `type`: standalone tasks, tasks inside conversations, or both. */
export const taskTypes = ['all', 'task', 'conversation'] as const;
export type TaskType = (typeof taskTypes)[number];

/**
 * The task list's filters as the URL holds them (`?state=todo&due_from=2031-01-01`).
 * Days stay days here; they become Unix seconds only in the query, so the
 * URL reads as the person typed it.
 */
export interface TaskFilters {
  organization: string;
  state: TaskState | null;
  type: TaskType;
  team: string | null;
  assignee: string | null;
  /** YYYY-MM-DD, inclusive. */
  dueFrom: string | null;
  dueTo: string | null;
}

/** The URL parameter of each filter but the organization, which the page shares with others. */
export const taskFilterParams = {
  state: 'state',
  type: 'type',
  team: 'team',
  assignee: 'assignee',
  dueFrom: 'due_from',
  dueTo: 'due_to',
} as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in `params`; a value that means nothing (a hand-edited URL) is ignored. */
export function readTaskFilters(params: URLSearchParams, organization: string): TaskFilters {
  const pick = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
    values.find((known) => known === value);
  const day = (name: string) => {
    const value = params.get(name);
    return value !== null && DAY.test(value) ? value : null;
  };
  return {
    organization,
    state: pick(taskStates, params.get(taskFilterParams.state)) ?? null,
    type: pick(taskTypes, params.get(taskFilterParams.type)) ?? 'all',
    team: params.get(taskFilterParams.team) || null,
    assignee: params.get(taskFilterParams.assignee) || null,
    dueFrom: day(taskFilterParams.dueFrom),
    dueTo: day(taskFilterParams.dueTo),
  };
}

/** Why the filters cannot be asked for, or null: Missive refuses a range that ends before it starts. */
export function taskFiltersProblem(filters: TaskFilters): string | null {
  if (filters.dueFrom && filters.dueTo && filters.dueFrom > filters.dueTo) {
    return 'The due date range ends before it starts: pick a “Due to” day on or after “Due from”.';
  }
  return null;
}

/** GET /tasks's filters, in the string form query values take; whole days in the agent's time zone. */
export function taskListQuery(filters: TaskFilters) {
  const dueFrom = filters.dueFrom === null ? null : dateInputToUnix(filters.dueFrom, 'start');
  const dueTo = filters.dueTo === null ? null : dateInputToUnix(filters.dueTo, 'end');
  return {
    organization: filters.organization,
    type: filters.type,
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.team ? { team: filters.team } : {}),
    ...(filters.assignee ? { assignee: filters.assignee } : {}),
    ...(dueFrom !== null ? { due_at_gteq: String(dueFrom) } : {}),
    ...(dueTo !== null ? { due_at_lteq: String(dueTo) } : {}),
  };
}
