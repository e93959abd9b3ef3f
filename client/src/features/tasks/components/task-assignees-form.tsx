import { useState } from 'react';
import type { Task } from '@crm/shared/missive/tasks';
import type { User } from '@crm/shared/missive/people';
import { WriteStatus } from '@/components/write-status';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
import { AssigneesField } from './assignees-field';
import { useUpdateTask } from '../api/update-task';
import { assigneesSchema } from '../utils/task-form';

/**
 * Reassigns a task: PATCH with the whole new list of assignees, as Missive
 * replaces it. Opened and closed by a button of the task's own (`open`);
 * the choice stays while Missive answers, and after a refusal. Mount it
 * anew (a `key`) each time it opens, so it starts from the task as it is
 * then, not from an old choice.
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
  // A list shows dozens of tasks, and an organization may have 200 users:
  // the checkboxes exist only once the form was opened (it is mounted
  // closed at first, then anew on each opening).
  const [opened] = useState(open);
  const [done, setDone] = useState<string | null>(null);
  const update = useUpdateTask({
    conversationId: task.conversation,
    taskId: task.id,
    onUpdated: (changed) => {
      onClose();
      const names = changed.assignees.map((userId) => userNames.get(userId) ?? 'Unknown user');
      setDone(
        names.length
          ? `Assigned “${changed.title}” to ${names.join(', ')}.`
          : `“${changed.title}” has no assignee now.`,
      );
    },
  });

  return (
    <div className="tasks-reassign">
      {/* Hidden, not unmounted: closing must not throw the choice away mid-save. */}
      <Form
        schema={assigneesSchema}
        defaultValues={{ assignees: [...task.assignees] }}
        id={id}
        className="tasks-form"
        aria-label={`Assignees of ${task.title}`}
        hidden={!open}
        onSubmit={({ assignees }) => {
          setDone(null);
          if ((assignees ?? []).toSorted().join() === task.assignees.toSorted().join()) {
            onClose();
            return;
          }
          if (assignees?.length === 0 && !task.subtask && task.team === null) {
            throw new Error('A task of its own without a team needs at least one assignee.');
          }
          update.mutate({ assignees });
        }}
      >
        {opened ? (
          <>
            <AssigneesField users={users} />
            <Button type="submit" disabled={update.isPending}>
              Save assignees
            </Button>
          </>
        ) : null}
      </Form>
      <WriteStatus
        pending={update.isPending ? 'Reassigning…' : null}
        success={done}
        error={update.error}
      />
    </div>
  );
}
