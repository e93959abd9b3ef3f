import type { Task } from '@crm/shared/missive/tasks';

/** A task that satisfies the shared schema: a to-do inside conversation-1; override what a test is about. */
export function makeTask(overrides: Partial<Task> & { id: string; title: string }): Task {
  return {
    description: null,
    state: 'todo',
    organization: 'org-1',
    team: null,
    assignees: [],
    due_at: null,
    conversation: 'conversation-1',
    subtask: true,
    created_at: 1_700_000_000,
    last_activity_at: 1_700_000_000,
    ...overrides,
  };
}
