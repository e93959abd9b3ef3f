import { useState, type SubmitEvent } from 'react';
import { taskUpdateInput, type Task } from '@crm/shared/missive/tasks';
import type { User } from '@crm/shared/missive/people';
import { UserCheckboxes } from '@/components/user-checkboxes';
import { WriteStatus } from '@/components/write-status';
import { describeInvalid } from '@/lib/describe-error';
import { useUpdateTask } from '../api/update-task';

/**
 * Reassigns a task: PATCH with the whole new list of assignees, as Missive
 * replaces it. Opened and closed by a button of the task's own (`open`);
 * the choice stays while Missive answers, and after a refusal.
 */
export function TaskAssigneesForm({
  id,
  open,
  onClose,
  task,
  users,
  userNames,
}: {
  /** For the button's aria-controls. */
  id: string;
  open: boolean;
  onClose: () => void;
  task: Task;
  /** Undefined while they are being read. */
  users: readonly User[] | undefined;
  userNames: ReadonlyMap<string, string>;
}) {
  const [chosen, setChosen] = useState<readonly string[]>(task.assignees);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Opened again, it starts from the task as it is now, not from an old
  // choice. (React's "adjust state when a prop changes": no effect, no flash.)
  const [seenOpen, setSeenOpen] = useState(open);
  // A list shows dozens of tasks, and an organization may have 200 users:
  // the checkboxes exist only once the form was first opened.
  const [opened, setOpened] = useState(open);
  if (seenOpen !== open) {
    setSeenOpen(open);
    if (open) {
      setOpened(true);
      setChosen(task.assignees);
      setInvalid(null);
      setFailure(null);
      setDone(null);
    }
  }
  const update = useUpdateTask({
    conversationId: task.conversation,
    taskId: task.id,
    mutationConfig: {
      onMutate: () => {
        setFailure(null);
      },
      onError: setFailure,
      onSuccess: (changed) => {
        onClose();
        const names = changed.assignees.map((userId) => userNames.get(userId) ?? 'Unknown user');
        setDone(
          names.length
            ? `Assigned “${changed.title}” to ${names.join(', ')}.`
            : `“${changed.title}” has no assignee now.`,
        );
      },
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    if ([...chosen].sort().join() === [...task.assignees].sort().join()) {
      onClose();
      return;
    }
    if (chosen.length === 0 && !task.subtask && task.team === null) {
      setInvalid('A task of its own without a team needs at least one assignee.');
      return;
    }
    const checked = taskUpdateInput.safeParse({ assignees: [...chosen] });
    if (!checked.success) {
      setInvalid(describeInvalid(checked.error));
      return;
    }
    setInvalid(null);
    update.mutate(checked.data);
  }

  return (
    <div className="tasks-reassign">
      {/* Hidden, not unmounted: closing must not throw the choice away mid-save. */}
      <form
        id={id}
        className="tasks-form"
        aria-label={`Assignees of ${task.title}`}
        hidden={!open}
        onSubmit={submit}
        noValidate
      >
        {opened ? (
          <>
            <UserCheckboxes legend="Assignees" users={users} value={chosen} onChange={setChosen} />
            <button type="submit" disabled={update.isPending}>
              Save assignees
            </button>
          </>
        ) : null}
      </form>
      <WriteStatus
        pending={update.isPending ? 'Reassigning…' : null}
        success={done}
        error={invalid ?? failure}
      />
    </div>
  );
}
