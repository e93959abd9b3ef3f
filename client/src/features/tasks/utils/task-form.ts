import { z } from 'zod';
import { taskCreateInput, taskUpdateInput } from '@crm/shared/missive/tasks';
import { checkInForm } from '@/lib/form-check';
import { dateInputToUnix } from './due-date';

/**
 * The task forms' rules: the shared create and update schemas, applied to
 * what the inputs make (checkInForm: each problem under its input, all of
 * them in the form's alert, as "title: must not be empty").
 */

const newTaskValues = z.object({
  title: z.string(),
  description: z.string(),
  assignees: z.array(z.string()),
  team: z.string(),
  /** A day, as the date input gives it; '' for none. */
  due: z.string(),
});
export type NewTaskValues = z.input<typeof newTaskValues>;

/**
 * A new task in the conversation (a subtask, as Missive calls it), or
 * standalone when `conversationId` is null: Missive then wants the
 * organization, and a team or assignees.
 */
export function newTaskSchema({
  conversationId,
  organizationId,
}: {
  conversationId: string | null;
  organizationId: string | null;
}) {
  return newTaskValues.transform((draft, ctx) => {
    const dueAt = dateInputToUnix(draft.due);
    const standalone = conversationId === null;
    // Missive wants the organization whenever people or a team are named.
    const routed = standalone || draft.assignees.length > 0 || draft.team !== '';
    return checkInForm(
      taskCreateInput,
      {
        title: draft.title,
        ...(standalone ? {} : { subtask: true, conversation: conversationId }),
        ...(draft.description.trim() ? { description: draft.description } : {}),
        ...(draft.assignees.length ? { assignees: [...draft.assignees] } : {}),
        ...(draft.team ? { team: draft.team } : {}),
        ...(dueAt !== null ? { due_at: dueAt } : {}),
        ...(routed && organizationId ? { organization: organizationId } : {}),
      },
      ctx,
      ['title', 'description'],
    );
  });
}

/** A task's new assignees, the whole list, as Missive replaces it. */
export const assigneesSchema = z
  .object({ assignees: z.array(z.string()) })
  .transform(({ assignees }, ctx) =>
    checkInForm(taskUpdateInput, { assignees }, ctx, ['assignees']),
  );
