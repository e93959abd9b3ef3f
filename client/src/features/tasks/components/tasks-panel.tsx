import { lazy } from 'react';
import type { Task } from '@crm/shared/missive/tasks';
import { ViewBoundary } from '@/components/view-boundary';
import { describeError } from '@/lib/describe-error';
import { useTeams } from '@/lib/directory/get-teams';
import { useUsers } from '@/lib/directory/get-users';
import { TaskItem } from './task-item';
import './tasks.css';
import { KeptDisclosure } from '@/components/kept-disclosure';

// Downloaded when New task is first pressed, not with every sidebar.
const NewTaskForm = lazy(() => import('./new-task-form').then((m) => ({ default: m.NewTaskForm })));

export interface TasksPanelProps {
  conversationId: string;
  /** The conversation's organization: scopes users and teams, and is sent with assignees. */
  organizationId: string | null;
  /** The conversation's team, the new task's default team. */
  teamId: string | null;
  /** The conversation's tasks, as the sidebar's context gave them; undefined while it loads. */
  tasks: readonly Task[] | undefined;
}

/** The conversation's tasks: open ones first, each changed in place, and a form for a new one. */
export function TasksPanel({ conversationId, organizationId, teamId, tasks }: TasksPanelProps) {
  const users = useUsers(organizationId);
  const teams = useTeams(organizationId);
  const lookupError = users.error ?? teams.error;
  const userNames = new Map((users.data?.users ?? []).map((user) => [user.id, user.name]));
  // Closed tasks sink to the bottom; otherwise Missive's order is kept.
  const ordered = [...(tasks ?? [])].sort(
    (a, b) => Number(a.state === 'closed') - Number(b.state === 'closed'),
  );
  const headingId = `tasks-heading-${conversationId}`;

  return (
    <section className="tasks-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Tasks</h2>
      {tasks === undefined ? (
        <p className="tasks-hint" aria-busy="true">
          Loading tasks…
        </p>
      ) : ordered.length === 0 ? (
        <p className="tasks-hint">No tasks in this conversation.</p>
      ) : (
        <ul className="tasks-list" aria-labelledby={headingId}>
          {ordered.map((task) => (
            <TaskItem key={task.id} task={task} userNames={userNames} />
          ))}
        </ul>
      )}
      <KeptDisclosure label="New task">
        {lookupError ? (
          <p role="alert" className="error">
            Users or teams could not be read. {describeError(lookupError)}
          </p>
        ) : null}
        <ViewBoundary>
          <NewTaskForm
            // A task typed for one conversation is not created in the next one.
            key={conversationId}
            conversationId={conversationId}
            organizationId={organizationId}
            teamId={teamId}
            users={users.data?.users}
            teams={teams.data ?? []}
          />
        </ViewBoundary>
      </KeptDisclosure>
    </section>
  );
}
