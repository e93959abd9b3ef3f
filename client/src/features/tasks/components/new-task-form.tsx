import { useId, useMemo, useState } from 'react';
import { Controller, useWatch, type UseFormReturn } from 'react-hook-form';
import type { Task } from '@crm/shared/missive/tasks';
import type { Team, User } from '@crm/shared/missive/people';
import { TeamSelect } from '@/components/team-select';
import { WriteStatus } from '@/components/write-status';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Form } from '@/components/ui/form';
import { AssigneesField } from './assignees-field';
import { useCreateTask, type TaskCreateInput } from '../api/create-task';
import { newTaskSchema, type NewTaskValues } from '../utils/task-form';

type NewTaskForm = UseFormReturn<NewTaskValues, unknown, TaskCreateInput>;

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
  const empty: NewTaskValues = {
    title: '',
    description: '',
    assignees: [],
    team: teamId ?? '',
    due: '',
  };
  // From the props as they are now: the context may name the organization after the form opened.
  const schema = useMemo(
    () => newTaskSchema({ conversationId, organizationId }),
    [conversationId, organizationId],
  );
  // The task just created, said until another is asked for.
  const [created, setCreated] = useState<Task | null>(null);
  const create = useCreateTask({ conversationId });

  return (
    <Form
      schema={schema}
      defaultValues={empty}
      className="tasks-form"
      aria-label="New task"
      onSubmit={(task, form) => {
        setCreated(null);
        create.mutate(task, {
          onSuccess: ({ tasks }) => {
            setCreated(tasks);
            form.reset(empty);
          },
        });
      }}
    >
      {(form) => (
        <>
          <TaskFields
            form={form}
            standalone={conversationId === null}
            users={users}
            teams={teams}
          />
          <Button type="submit" disabled={create.isPending}>
            Create task
          </Button>
          <WriteStatus
            pending={create.isPending ? 'Creating the task…' : null}
            success={created ? `Created “${created.title}”.` : null}
            error={create.error}
          />
        </>
      )}
    </Form>
  );
}

function TaskFields({
  form: { register, control, formState },
  standalone,
  users,
  teams,
}: {
  form: NewTaskForm;
  standalone: boolean;
  users: readonly User[] | undefined;
  teams: readonly Team[];
}) {
  const { errors } = formState;
  const title = useWatch({ control, name: 'title' });
  const teamId = useId();

  return (
    <>
      <Field label="Title" hint={`${title.length}/1000`} error={errors.title?.message}>
        {(field) => <input {...field} required {...register('title')} />}
      </Field>
      <Field label="Description" error={errors.description?.message}>
        {(field) => <textarea {...field} rows={2} {...register('description')} />}
      </Field>
      {standalone ? (
        <p className="tasks-hint">A task of its own needs assignees, a team, or both.</p>
      ) : null}
      <AssigneesField users={users} />
      <Controller
        control={control}
        name="team"
        render={({ field }) => (
          <TeamSelect
            id={teamId}
            className="tasks-field"
            teams={teams}
            value={field.value}
            onChange={field.onChange}
          />
        )}
      />
      <Field label="Due date" error={errors.due?.message}>
        {(field) => <input {...field} type="date" {...register('due')} />}
      </Field>
    </>
  );
}
