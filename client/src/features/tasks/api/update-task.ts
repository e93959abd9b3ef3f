import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { Task, TaskUpdateInput } from '@crm/shared/missive/tasks';
import { callMissive } from '../../../lib/api-client';
import { conversationQueryPrefix } from '../../../lib/conversation-query-key';
import { getConversationTasksQueryOptions } from './get-conversation-tasks';

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
  conversationId: string;
  taskId: string;
  mutationConfig?: UpdateTaskConfig;
}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: (changes: TaskUpdateInput) => updateTask(taskId, changes),
    onSuccess: (...args) => {
      const { queryKey } = getConversationTasksQueryOptions(conversationId);
      // Missive answers the changed task: show it now rather than after a refetch.
      const [changed] = args;
      queryClient.setQueryData(queryKey, (list) =>
        list
          ? { tasks: list.tasks.map((task) => (task.id === changed.id ? changed : task)) }
          : list,
      );
      void queryClient.invalidateQueries({ queryKey });
      // The conversation counts completed tasks.
      void queryClient.invalidateQueries({ queryKey: conversationQueryPrefix(conversationId) });
      return onSuccess?.(...args);
    },
  });
}
