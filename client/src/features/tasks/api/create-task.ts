import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Task, taskCreateInput } from '@crm/shared/missive/tasks';
import { patchConversationContext } from '@/lib/conversation-context';
import { missiveMutation } from '@/lib/queries';

export type TaskCreateInput = z.input<typeof taskCreateInput>;

/**
 * Creates a task; `onCreated` receives it. The task lists are read again
 * (the endpoint invalidates tasks): whether the new task belongs under
 * each list's filters is Missive's to say.
 */
export function useCreateTask({
  conversationId,
  onCreated,
}: {
  /** The conversation the task is created in; null for a standalone task. */
  conversationId: string | null;
  onCreated?: (task: Task) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('createTask', (task: TaskCreateInput) => ({ body: { tasks: task } })),
    onSuccess: ({ tasks: created }) => {
      if (conversationId !== null) {
        patchConversationContext(queryClient, conversationId, (context) => ({
          ...context,
          // The context may have been read again already, with the task in it.
          tasks: context.tasks.some((task) => task.id === created.id)
            ? context.tasks
            : [...context.tasks, created],
        }));
      }
      onCreated?.(created);
    },
  });
}
