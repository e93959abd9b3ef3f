import { useId, useState, type SubmitEvent } from 'react';
import { taskCreateBody } from '@crm/shared/missive/tasks';
import type { Team, User } from '@crm/shared/missive/people';
import { TeamSelect } from '@/components/team-select';
import { UserCheckboxes } from '@/components/user-checkboxes';
import { WriteStatus } from '@/components/write-status';
import { describeInvalid } from '@/lib/describe-error';
import { useCreateTask } from '../api/create-task';
import { dateInputToUnix } from '../utils/due-date';

interface Draft {
  title: string;
  description: string;
  assignees: readonly string[];
  team: string;
  due: string;
}

/**
 * A new task with assignees, team and due date: inside the conversation (a
 * subtask, as Missive calls it), or standalone when `conversationId` is
 * null (Missive then shows it as a conversation of its own, and wants the
 * organization and a team or assignees). What was typed stays until Missive
 * has the task, so a refusal only asks for a correction.
 */
export function NewTaskForm({
  conversationId,
  organizationId,
  teamId,
  users,
  teams,
}: {
  /** Null: a standalone task. */
  conversationId: string | null;
  organizationId: string | null;
  teamId: string | null;
  /** Undefined while they are being read. */
  users: readonly User[] | undefined;
  teams: readonly Team[];
}) {
  const id = useId();
  const empty: Draft = { title: '', description: '', assignees: [], team: teamId ?? '', due: '' };
  const [draft, setDraft] = useState<Draft>(empty);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useCreateTask({
    conversationId,
    mutationConfig: {
      onSuccess: (task) => {
        setCreated(`Created “${task.title}”.`);
        setDraft(empty);
      },
    },
  });

  function edit(changes: Partial<Draft>) {
    setDraft((current) => ({ ...current, ...changes }));
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const dueAt = dateInputToUnix(draft.due);
    const standalone = conversationId === null;
    // Missive wants the organization whenever people or a team are named.
    const routed = standalone || draft.assignees.length > 0 || draft.team !== '';
    const body = {
      tasks: {
        title: draft.title,
        ...(standalone ? {} : { subtask: true, conversation: conversationId }),
        ...(draft.description.trim() ? { description: draft.description } : {}),
        ...(draft.assignees.length ? { assignees: [...draft.assignees] } : {}),
        ...(draft.team ? { team: draft.team } : {}),
        ...(dueAt !== null ? { due_at: dueAt } : {}),
        ...(routed && organizationId ? { organization: organizationId } : {}),
      },
    };
    const checked = taskCreateBody.safeParse(body);
    if (!checked.success) {
      setInvalid(describeInvalid(checked.error));
      return;
    }
    setInvalid(null);
    setCreated(null);
    create.mutate(body);
  }

  return (
    <form className="tasks-form" aria-label="New task" onSubmit={submit} noValidate>
      <div className="tasks-field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          required
          aria-describedby={`${id}-title-count`}
          value={draft.title}
          onChange={(event) => {
            edit({ title: event.target.value });
          }}
        />
        <span id={`${id}-title-count`} className="tasks-hint">
          {draft.title.length}/1000
        </span>
      </div>
      <div className="tasks-field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          rows={2}
          value={draft.description}
          onChange={(event) => {
            edit({ description: event.target.value });
          }}
        />
      </div>
      {conversationId === null ? (
        <p className="tasks-hint">A task of its own needs assignees, a team, or both.</p>
      ) : null}
      <UserCheckboxes
        legend="Assignees"
        users={users}
        value={draft.assignees}
        onChange={(assignees) => {
          edit({ assignees });
        }}
      />
      <TeamSelect
        id={`${id}-team`}
        className="tasks-field"
        teams={teams}
        value={draft.team}
        onChange={(team) => {
          edit({ team });
        }}
      />
      <div className="tasks-field">
        <label htmlFor={`${id}-due`}>Due date</label>
        <input
          id={`${id}-due`}
          type="date"
          value={draft.due}
          onChange={(event) => {
            edit({ due: event.target.value });
          }}
        />
      </div>
      <button type="submit" disabled={create.isPending}>
        Create task
      </button>
      <WriteStatus
        pending={create.isPending ? 'Creating the task…' : null}
        success={created}
        error={invalid ?? create.error}
      />
    </form>
  );
}
