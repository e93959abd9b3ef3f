import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Task, TaskUpdateInput } from '@crm/shared/missive/tasks';
import { patchConversationContext } from '@/lib/conversation-context';
import { endpointKey, missiveMutation } from '@/lib/queries';

function isTaskPages(data: unknown): data is InfiniteData<Task[]> {
  return typeof data === 'object' && data !== null && 'pages' in data;
}

/**
 * Changes one task; `onUpdated` receives it as Missive now has it. Missive
 * answers the changed task, shown at once in the conversation and in every
 * task list; the lists are read again too (the endpoint invalidates tasks):
 * under a filter (say, "to do") the task may no longer belong.
 */
export function useUpdateTask({
  conversationId,
  taskId,
  onUpdated,
}: {
  /** The conversation the task lives in (a standalone task has one of its own). */
  conversationId: string | null;
  taskId: string;
  onUpdated?: (task: Task) => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('updateTask', (changes: TaskUpdateInput) => ({
      params: { id: taskId },
      body: { tasks: changes },
    })),
    onSuccess: ({ tasks: changed }) => {
      const replace = (task: Task) => (task.id === changed.id ? changed : task);
      if (conversationId !== null) {
        patchConversationContext(queryClient, conversationId, (context) => ({
          ...context,
          tasks: context.tasks.map(replace),
        }));
      }
      queryClient.setQueriesData({ queryKey: endpointKey('missive', 'listTasks') }, (data) =>
        isTaskPages(data) ? { ...data, pages: data.pages.map((page) => page.map(replace)) } : data,
      );
      onUpdated?.(changed);
    },
  });
}
