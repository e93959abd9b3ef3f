import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Task, taskCreateBody } from '@crm/shared/missive/tasks';
import { callMissive } from '@/lib/api-client';
import { patchConversationContext } from '@/lib/conversation-context';
import { getTaskListsQueryKey } from './get-tasks';

export type TaskCreateBody = z.input<typeof taskCreateBody>;

export async function createTask(body: TaskCreateBody): Promise<Task> {
  const answer = await callMissive('createTask', { body });
  return answer.tasks;
}

type CreateTaskConfig = Omit<UseMutationOptions<Task, Error, TaskCreateBody>, 'mutationFn'>;

export function useCreateTask({
  conversationId,
  mutationConfig = {},
}: {
  /** The conversation the task is created in; null for a standalone task. */
  conversationId: string | null;
  mutationConfig?: CreateTaskConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: createTask,
    onSuccess: (...args) => {
      if (conversationId !== null) {
        const [created] = args;
        patchConversationContext(queryClient, conversationId, (context) => ({
          ...context,
          // The context may have been read again already, with the task in it.
          tasks: context.tasks.some((task) => task.id === created.id)
            ? context.tasks
            : [...context.tasks, created],
        }));
      }
      // Whether the new task belongs under each list's filters is Missive's to say.
      void queryClient.invalidateQueries({ queryKey: getTaskListsQueryKey() });
      return onSuccess?.(...args);
    },
  });
}
