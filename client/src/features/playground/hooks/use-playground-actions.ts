import { useQueryClient } from '@tanstack/react-query';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { HostActions } from '@/host/host';
import { describeError } from '@/lib/describe-error';
import { useCreateConversationComment } from '../api/create-conversation-comment';
import { getWindowConversationQueryOptions } from '../api/get-window-conversation';
import { useUpdateSelectionLabels } from '../api/update-selection-labels';
import { conversationTitle } from '../utils/conversation-display';
import type { ActivityLog } from './use-activity-log';
import type { Composer } from './use-composer';

/**
 * The composer actions as the playground performs them for the sidebar.
 * Composer actions fill the visible composer; label changes and comments
 * really happen, through the gateway, on the selected conversations, as
 * Missive would do them on its own selection.
 */
export function usePlaygroundActions({
  selectedIds,
  listed,
  composer,
  activity,
}: {
  selectedIds: readonly string[];
  /** The conversations the list has loaded, to avoid asking again for their organization. */
  listed: readonly Conversation[];
  composer: Composer;
  activity: ActivityLog;
}): HostActions {
  const queryClient = useQueryClient();
  const updateLabels = useUpdateSelectionLabels();
  const createComment = useCreateConversationComment();

  function selectedConversations(): Promise<Conversation[]> {
    return Promise.all(
      selectedIds.map(
        async (id) =>
          listed.find((conversation) => conversation.id === id) ??
          (await queryClient.query(getWindowConversationQueryOptions(id))),
      ),
    );
  }

  /** Runs one write on the selection, logging its progress and outcome. */
  function onSelection(
    progress: string,
    write: (conversations: Conversation[]) => Promise<string>,
  ): void {
    if (selectedIds.length === 0) {
      activity.log('error', `${progress}: no conversation is selected.`);
      return;
    }
    const entry = activity.log('progress', `${progress}…`);
    void (async () => {
      try {
        const done = await write(await selectedConversations());
        activity.update(entry, 'success', done);
      } catch (error) {
        const reason = error instanceof Error ? describeError(error) : String(error);
        activity.update(entry, 'error', `${progress} failed. ${reason}`);
      }
    })();
  }

  function changeLabels(change: 'add' | 'remove', labelIds: string[]) {
    const count = labelIds.length === 1 ? '1 label' : `${labelIds.length} labels`;
    const verb = change === 'add' ? 'Adding' : 'Removing';
    onSelection(`${verb} ${count}`, async (conversations) => {
      await updateLabels.mutateAsync({ conversations, [change]: labelIds });
      const where = describeTargets(conversations);
      return change === 'add' ? `Added ${count} to ${where}.` : `Removed ${count} from ${where}.`;
    });
  }

  return {
    insertText: composer.insertText,
    insertHtml: composer.insertHtml,
    reply: composer.reply,
    addLabels: (labelIds) => {
      changeLabels('add', labelIds);
    },
    removeLabels: (labelIds) => {
      changeLabels('remove', labelIds);
    },
    comment: (body) => {
      onSelection('Posting a comment', async (conversations) => {
        for (const conversation of conversations) {
          await createComment.mutateAsync({ conversationId: conversation.id, body });
        }
        return `Commented on ${describeTargets(conversations)}.`;
      });
    },
  };
}

function describeTargets(conversations: readonly Conversation[]): string {
  const [only] = conversations;
  if (only && conversations.length === 1) return `“${conversationTitle(only)}”`;
  return `${conversations.length} conversations`;
}
