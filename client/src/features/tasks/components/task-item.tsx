import { useId, useState, type ReactNode } from 'react';
import { taskStates, type Task, type TaskState } from '@crm/shared/missive/tasks';
import { WriteStatus } from '@/components/write-status';
import { useUpdateTask } from '../api/update-task';
import { formatDueDate, isOverdue } from '../utils/due-date';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';

export const stateNames: Record<TaskState, string> = {
  todo: 'To do',
  in_progress: 'In progress',
  closed: 'Closed',
};

/**
 * One task: who, when, and its state, changed in place with its own
 * progress line. The dashboard adds to it: a title that links to the
 * conversation, more facts, more controls.
 */
export function TaskItem({
  task,
  userNames,
  title = task.title,
  meta,
  actions,
  children,
}: {
  task: Task;
  userNames: ReadonlyMap<string, string>;
  /** What the title shows; the plain title by default. */
  title?: ReactNode;
  /** More facts after assignees and due date. */
  meta?: ReactNode;
  /** More buttons in the row of the state's. */
  actions?: ReactNode;
  /** More below the task, e.g. a form those buttons open. */
  children?: ReactNode;
}) {
  const id = useId();
  const [done, setDone] = useState<string | null>(null);
  const update = useUpdateTask({
    conversationId: task.conversation,
    taskId: task.id,
    onUpdated: (changed) => {
      setDone(
        changed.state === 'closed'
          ? `Closed “${changed.title}”.`
          : `“${changed.title}” is now ${stateNames[changed.state].toLowerCase()}.`,
      );
    },
  });
  // While the change is on its way the select already shows it.
  const state = (update.isPending ? update.variables.state : undefined) ?? task.state;
  const assignees = task.assignees.map((userId) => userNames.get(userId) ?? 'Unknown user');

  function setState(next: TaskState) {
    if (next === task.state) return;
    setDone(null);
    update.mutate({ state: next });
  }

  return (
    <Card
      as="li"
      padding="sm"
      className={`tasks-item tasks-item-${state}`}
      aria-labelledby={`${id}-title`}
    >
      <p id={`${id}-title`} className="tasks-title">
        {title}
      </p>
      <p className="tasks-meta">
        <span>{assignees.length ? assignees.join(', ') : 'Unassigned'}</span>
        {task.due_at !== null ? (
          <span
            className={
              state !== 'closed' && isOverdue(task.due_at) ? 'tasks-due tasks-overdue' : 'tasks-due'
            }
          >
            Due {formatDueDate(task.due_at)}
          </span>
        ) : null}
        {meta}
      </p>
      <div className="tasks-actions">
        <select
          aria-label={`State of ${task.title}`}
          value={state}
          disabled={update.isPending}
          onChange={(event) => {
            const next = taskStates.find((value) => value === event.target.value);
            if (next) setState(next);
          }}
        >
          {taskStates.map((value) => (
            <option key={value} value={value}>
              {stateNames[value]}
            </option>
          ))}
        </select>
        {state !== 'closed' ? (
          <Button
            variant="secondary"
            size="sm"
            aria-label={`Close ${task.title}`}
            disabled={update.isPending}
            onClick={() => {
              setState('closed');
            }}
          >
            Close
          </Button>
        ) : null}
        {actions}
      </div>
      {children}
      <WriteStatus
        pending={update.isPending ? 'Saving…' : null}
        success={done}
        error={update.error}
      />
    </Card>
  );
}
