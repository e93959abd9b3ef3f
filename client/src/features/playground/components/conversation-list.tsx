import { useEffect, useId, type KeyboardEvent, type MouseEvent } from 'react';
import type { Conversation } from '@crm/shared/missive/conversations';
import { describeError } from '@/lib/describe-error';
import { playgroundMailboxes, type PlaygroundMailbox } from '../api/get-mailbox-conversations';
import {
  conversationAuthors,
  conversationTitle,
  formatActivity,
} from '../utils/conversation-display';
import {
  modifiersOf,
  moveSelection,
  nextSelection,
  noSelection,
  type ListSelection,
} from '../utils/selection';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';

const mailboxLabels: Record<PlaygroundMailbox, string> = {
  inbox: 'Inbox',
  all: 'All',
  assigned: 'Assigned',
  closed: 'Closed',
};

export interface ConversationListProps {
  mailbox: PlaygroundMailbox;
  onMailboxChange: (mailbox: PlaygroundMailbox) => void;
  conversations: readonly Conversation[];
  isPending: boolean;
  error: Error | null;
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore: () => void;
  selection: ListSelection;
  onSelectionChange: (selection: ListSelection) => void;
}

/**
 * Missive's conversation list: a mailbox switcher over a multi-selectable
 * listbox. The listbox keeps the focus itself and points at the active row
 * with aria-activedescendant, so arrow keys, shift+arrows and clicks with
 * ctrl/cmd or shift select as they do in Missive.
 */
export function ConversationList({
  mailbox,
  onMailboxChange,
  conversations,
  isPending,
  error,
  hasMore,
  isLoadingMore,
  onLoadMore,
  selection,
  onSelectionChange,
}: ConversationListProps) {
  const baseId = useId();
  const optionId = (id: string) => `${baseId}-option-${id}`;
  const orderedIds = conversations.map((conversation) => conversation.id);
  const focusId =
    selection.focus !== null && orderedIds.includes(selection.focus) ? selection.focus : null;

  useEffect(() => {
    if (focusId === null) return;
    const row = document.getElementById(`${baseId}-option-${focusId}`);
    // jsdom implements no scrolling; browsers all do.
    if (row && 'scrollIntoView' in row) row.scrollIntoView({ block: 'nearest' });
  }, [baseId, focusId]);

  function handleClick(event: MouseEvent, id: string) {
    onSelectionChange(nextSelection(selection, id, modifiersOf(event), orderedIds));
  }

  function handleKeyDown(event: KeyboardEvent) {
    const modifiers = modifiersOf(event);
    let next: ListSelection | null = null;
    if (event.key === 'ArrowDown') next = moveSelection(selection, 1, modifiers, orderedIds);
    else if (event.key === 'ArrowUp') next = moveSelection(selection, -1, modifiers, orderedIds);
    else if (event.key === 'Home' || event.key === 'End') {
      const target = event.key === 'Home' ? orderedIds[0] : orderedIds.at(-1);
      if (target !== undefined) next = nextSelection(selection, target, modifiers, orderedIds);
    } else if (event.key === 'a' && modifiers.toggle) {
      next = { ids: orderedIds, anchor: orderedIds[0] ?? null, focus: selection.focus };
    } else if (event.key === 'Escape') next = noSelection;
    if (!next) return;
    event.preventDefault();
    onSelectionChange(next);
  }

  return (
    <section className="playground-list" aria-labelledby={`${baseId}-heading`}>
      <h2 id={`${baseId}-heading`} className="visually-hidden">
        Conversation list
      </h2>
      <fieldset className="playground-mailboxes">
        <legend className="visually-hidden">Mailbox</legend>
        {playgroundMailboxes.map((name) => (
          <label key={name} className="playground-mailbox">
            <input
              type="radio"
              name={`${baseId}-mailbox`}
              value={name}
              checked={mailbox === name}
              onChange={() => {
                onMailboxChange(name);
              }}
            />
            <span>{mailboxLabels[name]}</span>
          </label>
        ))}
      </fieldset>

      {error ? (
        <p className="error playground-error" role="alert">
          {describeError(error)}
        </p>
      ) : null}
      {isPending ? (
        <p className="playground-placeholder" aria-live="polite">
          Loading conversations…
        </p>
      ) : null}
      {!isPending && !error && conversations.length === 0 ? (
        <p className="playground-placeholder">No conversations in {mailboxLabels[mailbox]}.</p>
      ) : null}

      <div
        className="playground-options"
        role="listbox"
        aria-label="Conversations"
        aria-multiselectable="true"
        aria-activedescendant={focusId === null ? undefined : optionId(focusId)}
        aria-busy={isPending || isLoadingMore}
        tabIndex={0}
        onKeyDown={handleKeyDown}
      >
        {conversations.map((conversation) => (
          <ConversationOption
            key={conversation.id}
            id={optionId(conversation.id)}
            conversation={conversation}
            selected={selection.ids.includes(conversation.id)}
            active={focusId === conversation.id}
            onClick={(event) => {
              handleClick(event, conversation.id);
            }}
          />
        ))}
      </div>

      {hasMore ? (
        <Button
          variant="secondary"
          size="sm"
          className="playground-load-more"
          onClick={onLoadMore}
          disabled={isLoadingMore}
        >
          {isLoadingMore ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
    </section>
  );
}

function ConversationOption({
  id,
  conversation,
  selected,
  active,
  onClick,
}: {
  id: string;
  conversation: Conversation;
  selected: boolean;
  active: boolean;
  onClick: (event: MouseEvent) => void;
}) {
  const activity = conversation.last_activity_at;
  const authors = conversationAuthors(conversation);
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      className={`playground-option${active ? ' playground-option-active' : ''}`}
      onClick={onClick}
      onMouseDown={(event) => {
        // Shift-click selects rows, not the text between them.
        if (event.shiftKey) event.preventDefault();
      }}
    >
      <span className="playground-option-top">
        <span className="playground-option-title">{conversationTitle(conversation)}</span>
        {activity === undefined ? null : (
          <time
            className="playground-option-time"
            dateTime={new Date(activity * 1000).toISOString()}
          >
            {formatActivity(activity)}
          </time>
        )}
      </span>
      {authors ? <span className="playground-option-authors">{authors}</span> : null}
      {conversation.shared_labels.length > 0 || conversation.assignee_names ? (
        <span className="playground-option-meta">
          {conversation.shared_labels.map((label) => (
            <Badge key={label.id}>{label.name}</Badge>
          ))}
          {conversation.assignee_names ? (
            <span className="playground-option-assignees">{conversation.assignee_names}</span>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
