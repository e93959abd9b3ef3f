import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Task } from '@crm/shared/missive/tasks';
import type { User } from '@crm/shared/missive/people';
import {
  OrganizationSelect,
  useOrganizationParam,
  type OrganizationParam,
} from '@/components/organization-select';
import { describeError } from '@/lib/describe-error';
import { useTeams } from '@/lib/directory/get-teams';
import { useUsers } from '@/lib/directory/get-users';
import { useSearchParamChanges, type SearchParamChanges } from '@/lib/search-params';
import { flattenTimePages } from '@/lib/time-paging';
import { Button } from '@/components/ui/button';
import { useTasks } from '../api/get-tasks';
import { readTaskFilters, taskFiltersProblem } from '../utils/task-filters';
import { NewTaskForm } from './new-task-form';
import { TaskAssigneesForm } from './task-assignees-form';
import { TaskFiltersBar } from './task-filters-bar';
import { TaskItem } from './task-item';
import './tasks.css';
import './tasks-page.css';
import { Card } from '@/components/ui/card';

/**
 * The dashboard's task page: an organization's tasks across the team, by
 * state, kind, team, assignee and due date, every filter in the URL; each
 * task changes state or assignees in place and links to its conversation;
 * a form creates a standalone task.
 */
export function TasksPage() {
  const [params, change] = useSearchParamChanges();
  const organization = useOrganizationParam();
  const { organizationId } = organization;

  return (
    <div className="tasks-page">
      <h1>Tasks</h1>
      {organizationId !== null ? (
        <OrganizationTasks
          organizationId={organizationId}
          organization={organization}
          params={params}
          onChange={change}
        />
      ) : (
        <>
          <div className="filter-bar">
            <OrganizationSelect {...organization} onChange={() => undefined} />
          </div>
          {organization.organizations?.length === 0 ? (
            <p className="tasks-hint">You belong to no organization, and tasks live in one.</p>
          ) : null}
        </>
      )}
    </div>
  );
}

function OrganizationTasks({
  organizationId,
  organization,
  params,
  onChange,
}: {
  organizationId: string;
  organization: OrganizationParam;
  params: URLSearchParams;
  onChange: (changes: SearchParamChanges) => void;
}) {
  const id = useId();
  const filters = readTaskFilters(params, organizationId);
  const problem = taskFiltersProblem(filters);
  const users = useUsers(organizationId);
  const teams = useTeams(organizationId);
  const tasks = useTasks(filters, { enabled: problem === null });
  const list = flattenTimePages(tasks.data?.pages ?? []);
  const userNames = new Map((users.data?.users ?? []).map((user) => [user.id, user.name]));
  const teamNames = new Map((teams.data ?? []).map((team) => [team.id, team.name]));
  const lookupError = users.error ?? teams.error;

  return (
    <>
      <TaskFiltersBar
        filters={filters}
        organization={organization}
        users={users.data?.users}
        teams={teams.data}
        onChange={onChange}
      />
      {lookupError ? (
        <p role="alert" className="error">
          Users or teams could not be read, so names and choices are missing.{' '}
          {describeError(lookupError)}
        </p>
      ) : null}
      <div className="tasks-page-columns">
        <Card as="section" className="tasks-page-panel" aria-labelledby={`${id}-list`}>
          <h2 id={`${id}-list`}>Matching tasks</h2>
          {problem !== null ? (
            <p role="alert" className="error">
              {problem}
            </p>
          ) : tasks.data === undefined ? (
            tasks.error ? (
              <div role="alert" className="error">
                The tasks could not be read. {describeError(tasks.error)}{' '}
                <Button variant="secondary" size="sm" onClick={() => void tasks.refetch()}>
                  Try again
                </Button>
              </div>
            ) : (
              <p className="tasks-hint" aria-busy="true">
                Loading tasks…
              </p>
            )
          ) : list.length === 0 ? (
            <p className="tasks-hint">No task matches these filters.</p>
          ) : (
            <>
              <ul className="tasks-list" aria-labelledby={`${id}-list`}>
                {list.map((task) => (
                  <DashboardTask
                    key={task.id}
                    task={task}
                    users={users.data?.users}
                    userNames={userNames}
                    teamNames={teamNames}
                  />
                ))}
              </ul>
              {tasks.isFetchNextPageError ? (
                <p role="alert" className="error">
                  Older tasks could not be read. {describeError(tasks.error)}
                </p>
              ) : null}
              {tasks.hasNextPage ? (
                <Button
                  variant="secondary"
                  disabled={tasks.isFetchingNextPage}
                  onClick={() => void tasks.fetchNextPage()}
                >
                  {tasks.isFetchingNextPage ? 'Loading older tasks…' : 'Load older tasks'}
                </Button>
              ) : null}
            </>
          )}
        </Card>
        <Card as="section" className="tasks-page-panel" aria-labelledby={`${id}-new`}>
          <h2 id={`${id}-new`}>New task</h2>
          <NewTaskForm
            // Assignees and teams of one organization mean nothing in another.
            key={organizationId}
            conversationId={null}
            organizationId={organizationId}
            teamId={filters.team}
            users={users.data?.users}
            teams={teams.data ?? []}
          />
        </Card>
      </div>
    </>
  );
}

/** The Conversations view, opened on the task's conversation. */
function conversationHref(conversationId: string): string {
  return `/conversations?${new URLSearchParams({ mailbox: 'all', open: conversationId }).toString()}`;
}

function DashboardTask({
  task,
  users,
  userNames,
  teamNames,
}: {
  task: Task;
  users: readonly User[] | undefined;
  userNames: ReadonlyMap<string, string>;
  teamNames: ReadonlyMap<string, string>;
}) {
  const formId = useId();
  const [reassigning, setReassigning] = useState(false);
  // Each opening starts the form afresh from the task as it is then.
  const [openings, setOpenings] = useState(0);
  return (
    <TaskItem
      task={task}
      userNames={userNames}
      title={
        task.conversation ? (
          <Link to={conversationHref(task.conversation)}>{task.title}</Link>
        ) : undefined
      }
      meta={
        <>
          {task.team !== null ? <span>{teamNames.get(task.team) ?? 'Unknown team'}</span> : null}
          <span>{task.subtask ? 'In a conversation' : 'Standalone'}</span>
        </>
      }
      actions={
        <Button
          variant="secondary"
          aria-expanded={reassigning}
          aria-controls={formId}
          aria-label={`Reassign ${task.title}`}
          onClick={() => {
            if (!reassigning) setOpenings((count) => count + 1);
            setReassigning(!reassigning);
          }}
        >
          Reassign
        </Button>
      }
    >
      <TaskAssigneesForm
        key={openings}
        id={formId}
        open={reassigning}
        onClose={() => {
          setReassigning(false);
        }}
        task={task}
        users={users}
        userNames={userNames}
      />
    </TaskItem>
  );
}
