import { useId } from 'react';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { Message, MessageField } from '@crm/shared/missive/messages';
import type { Post } from '@crm/shared/missive/posts';
import { describeError } from '@/lib/describe-error';
import { flattenTimePages } from '@/lib/time-paging';
import { Button } from '@/components/ui/button';
import { useWindowConversation } from '../api/get-window-conversation';
import { useWindowConversationMessages } from '../api/get-window-conversation-messages';
import { useWindowConversationPosts } from '../api/get-window-conversation-posts';
import {
  conversationAuthors,
  conversationTitle,
  formatFullDate,
} from '../utils/conversation-display';
import { htmlToText } from '../utils/html-to-text';
import { Badge } from '@/components/ui/badge';

/**
 * The middle of Missive's window: the selected conversation's messages,
 * oldest at the top, with its posts among them; or what is selected when
 * that is not exactly one conversation. Bodies are shown as text only.
 */
export function ThreadView({
  selectedIds,
  listed,
}: {
  selectedIds: readonly string[];
  listed: readonly Conversation[];
}) {
  const [only] = selectedIds;
  return (
    <section className="playground-thread" aria-label="Thread">
      {only === undefined ? (
        <p className="playground-placeholder playground-thread-empty">No conversation selected</p>
      ) : selectedIds.length > 1 ? (
        <MultiSelection selectedIds={selectedIds} listed={listed} />
      ) : (
        <SingleThread
          key={only}
          id={only}
          listed={listed.find((conversation) => conversation.id === only)}
        />
      )}
    </section>
  );
}

function MultiSelection({
  selectedIds,
  listed,
}: {
  selectedIds: readonly string[];
  listed: readonly Conversation[];
}) {
  const titles = selectedIds.flatMap((id) => {
    const conversation = listed.find((candidate) => candidate.id === id);
    return conversation ? [{ id, title: conversationTitle(conversation) }] : [];
  });
  return (
    <div className="playground-thread-empty">
      <p className="playground-thread-count">{selectedIds.length} conversations selected</p>
      <ul className="playground-thread-titles">
        {titles.map(({ id, title }) => (
          <li key={id}>{title}</li>
        ))}
      </ul>
    </div>
  );
}

type ThreadItem =
  { kind: 'message'; at: number; message: Message } | { kind: 'post'; at: number; post: Post };

function SingleThread({ id, listed }: { id: string; listed: Conversation | undefined }) {
  const headingId = useId();
  // A conversation opened from the sidebar may not be in the loaded list.
  const fetched = useWindowConversation(id, { enabled: !listed });
  const conversation = listed ?? fetched.data;
  const messages = useWindowConversationMessages(id);
  const posts = useWindowConversationPosts(id);

  const items: ThreadItem[] = [
    ...flattenTimePages(messages.data?.pages ?? []).map((message): ThreadItem => ({
      kind: 'message',
      at: message.delivered_at,
      message,
    })),
    ...(posts.data ?? []).map((post): ThreadItem => ({ kind: 'post', at: post.created_at, post })),
  ].sort((a, b) => a.at - b.at);

  return (
    <article className="playground-conversation" aria-labelledby={headingId}>
      <header className="playground-thread-header">
        <h2 id={headingId}>{conversation ? conversationTitle(conversation) : 'Loading…'}</h2>
        {conversation ? <ConversationFacts conversation={conversation} /> : null}
      </header>
      {fetched.error ? <ErrorLine error={fetched.error} /> : null}
      <div className="playground-timeline" aria-busy={messages.isPending}>
        {messages.hasNextPage ? (
          <Button
            variant="secondary"
            disabled={messages.isFetchingNextPage}
            onClick={() => {
              void messages.fetchNextPage();
            }}
          >
            {messages.isFetchingNextPage ? 'Loading older messages…' : 'Load older messages'}
          </Button>
        ) : null}
        {messages.isPending ? <p className="playground-placeholder">Loading messages…</p> : null}
        {messages.error ? <ErrorLine error={messages.error} /> : null}
        {posts.error ? <ErrorLine error={posts.error} /> : null}
        {!messages.isPending && items.length === 0 ? (
          <p className="playground-placeholder">This conversation has no messages.</p>
        ) : null}
        {items.map((item) =>
          item.kind === 'message' ? (
            <MessageItem key={`m-${item.message.id}`} message={item.message} />
          ) : (
            <PostItem key={`p-${item.post.id}`} post={item.post} />
          ),
        )}
      </div>
    </article>
  );
}

function ConversationFacts({ conversation }: { conversation: Conversation }) {
  const authors = conversationAuthors(conversation);
  return (
    <p className="playground-thread-facts">
      {authors ? <span>{authors}</span> : null}
      {conversation.team ? <span>Team {conversation.team.name}</span> : null}
      {conversation.color ? <ColourChip color={conversation.color} /> : null}
      {conversation.assignee_names ? <span>Assigned to {conversation.assignee_names}</span> : null}
      {conversation.shared_labels.map((label) => (
        <Badge key={label.id}>{label.name}</Badge>
      ))}
    </p>
  );
}

/** Missive's names for its three signal colours (what integrations set by outcome). */
const NAMED_COLOURS: Readonly<Record<string, string>> = {
  good: '#2da44e',
  warning: '#d4a72c',
  danger: '#cf222e',
};

/**
 * The conversation's colour, as Missive shows it beside the conversation:
 * integrations set it by state (an issue open or closed, a payment failed).
 */
function ColourChip({ color }: { color: string }) {
  return (
    <Badge>
      <span
        className="playground-swatch"
        aria-hidden="true"
        style={{ background: NAMED_COLOURS[color] ?? color }}
      />
      Colour {color}
    </Badge>
  );
}

function MessageItem({ message }: { message: Message }) {
  const text = message.body === undefined ? (message.preview ?? '') : htmlToText(message.body);
  const recipients = message.to_fields.map(describeField).filter(Boolean).join(', ');
  return (
    <article
      className="playground-message"
      aria-label={`Message from ${describeField(message.from_field)}`}
    >
      <header className="playground-message-header">
        <span className="playground-message-from">{describeField(message.from_field)}</span>
        <Badge>{message.type}</Badge>
        <time dateTime={new Date(message.delivered_at * 1000).toISOString()}>
          {formatFullDate(message.delivered_at)}
        </time>
      </header>
      {recipients ? <p className="playground-message-to">To {recipients}</p> : null}
      {message.subject ? <p className="playground-message-subject">{message.subject}</p> : null}
      <div className="playground-message-body">{text}</div>
    </article>
  );
}

function PostItem({ post }: { post: Post }) {
  const author = post.username ?? 'Integration';
  return (
    <article className="playground-message playground-post" aria-label={`Post by ${author}`}>
      <header className="playground-message-header">
        <span className="playground-message-from">{author}</span>
        <Badge>post</Badge>
        <time dateTime={new Date(post.created_at * 1000).toISOString()}>
          {formatFullDate(post.created_at)}
        </time>
      </header>
      <div className="playground-message-body">
        {post.text ?? post.markdown ?? post.notification.body}
      </div>
    </article>
  );
}

function ErrorLine({ error }: { error: Error }) {
  return (
    <p className="error playground-error" role="alert">
      {describeError(error)}
    </p>
  );
}

function describeField(field: MessageField): string {
  const name = field.name?.trim();
  const where = field.address ?? field.phone_number ?? field.username ?? field.id ?? '';
  if (!name) return where;
  return where && name !== where ? `${name} <${where}>` : name;
}
