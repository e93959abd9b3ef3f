import {
  useMutation,
  useQueryClient,
  type InfiniteData,
  type UseMutationOptions,
} from '@tanstack/react-query';
import type { Task, TaskUpdateInput } from '@crm/shared/missive/tasks';
import { callMissive } from '@/lib/api-client';
import { patchConversationContext } from '@/lib/conversation-context';
import type { TimeCursor } from '@/lib/time-paging';
import { getTaskListsQueryKey } from './get-tasks';

export async function updateTask(taskId: string, changes: TaskUpdateInput): Promise<Task> {
  const answer = await callMissive('updateTask', {
    params: { id: taskId },
    body: { tasks: changes },
  });
  return answer.tasks;
}

type UpdateTaskConfig = Omit<UseMutationOptions<Task, Error, TaskUpdateInput>, 'mutationFn'>;

export function useUpdateTask({
  conversationId,
  taskId,
  mutationConfig = {},
}: {
  /** The conversation the task lives in (a standalone task has one of its own). */
  conversationId: string | null;
  taskId: string;
  mutationConfig?: UpdateTaskConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: (changes: TaskUpdateInput) => updateTask(taskId, changes),
    onSuccess: (...args) => {
      // Missive answers the changed task: show it now rather than after a refetch.
      const [changed] = args;
      const replace = (task: Task) => (task.id === changed.id ? changed : task);
      if (conversationId !== null) {
        patchConversationContext(queryClient, conversationId, (context) => ({
          ...context,
          tasks: context.tasks.map(replace),
        }));
      }
      const lists = getTaskListsQueryKey();
      queryClient.setQueriesData<InfiniteData<Task[], TimeCursor>>({ queryKey: lists }, (data) =>
        data ? { ...data, pages: data.pages.map((page) => page.map(replace)) } : data,
      );
      // Read again: under a filter (say, "to do") the task may no longer belong.
      void queryClient.invalidateQueries({ queryKey: lists });
      return onSuccess?.(...args);
    },
  });
}
