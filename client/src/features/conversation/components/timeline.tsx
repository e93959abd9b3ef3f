import { useId } from 'react';
import type { Comment } from '@crm/shared/missive/conversations';
import type { Message } from '@crm/shared/missive/messages';
import type { Post } from '@crm/shared/missive/posts';
import { Button } from '@/components/ui/button';
import { useTimeline, type TimelineEntry } from '../hooks/use-timeline';
import { countOf, markdownToPlainText } from './format';
import { LoadError } from './load-error';
import { TimeLabel } from './time-label';
import './conversation.css';
import { Badge } from '@/components/ui/badge';

/**
 * The conversation's history, newest first: messages, internal comments
 * and integration posts in one list, with older entries loaded on demand.
 */
export function Timeline({ conversationId }: { conversationId: string }) {
  const timeline = useTimeline(conversationId);
  const headingId = useId();

  return (
    <section className="conversation-timeline" aria-labelledby={headingId}>
      <h2 id={headingId} className="conversation-heading">
        Timeline
      </h2>
      {timeline.error ? (
        <LoadError error={timeline.error} onRetry={timeline.retry} />
      ) : timeline.isPending ? (
        <TimelineSkeleton />
      ) : timeline.entries.length === 0 ? (
        <p className="conversation-empty">No messages, comments or posts yet.</p>
      ) : (
        <>
          <ol role="list" aria-label="Timeline" className="conversation-timeline-list">
            {timeline.entries.map((entry) => (
              <li key={`${entry.kind}:${entry.id}`} className="conversation-entry">
                <EntryView entry={entry} />
              </li>
            ))}
          </ol>
          {timeline.earlierError ? (
            <p role="alert" className="error">
              {timeline.earlierError.message}
            </p>
          ) : null}
          {timeline.hasEarlier ? (
            <Button
              className="conversation-more"
              variant="secondary"
              onClick={timeline.showEarlier}
              disabled={timeline.isLoadingEarlier}
              aria-busy={timeline.isLoadingEarlier}
            >
              {timeline.isLoadingEarlier ? 'Loading earlier…' : 'Show earlier'}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}

function EntryView({ entry }: { entry: TimelineEntry }) {
  switch (entry.kind) {
    case 'message':
      return <MessageEntry message={entry.message} />;
    case 'comment':
      return <CommentEntry comment={entry.comment} />;
    case 'post':
      return <PostEntry post={entry.post} />;
  }
}

function EntryHeader({ kind, who, detail, time }: EntryHeaderProps) {
  return (
    <p className="conversation-entry-header">
      <span className={`conversation-entry-kind conversation-entry-kind-${kind.toLowerCase()}`}>
        {kind}
      </span>
      <span className="conversation-entry-who">
        {who}
        {detail ? <span className="conversation-muted"> {detail}</span> : null}
      </span>
      <TimeLabel seconds={time} className="conversation-entry-time" />
    </p>
  );
}

interface EntryHeaderProps {
  kind: 'Message' | 'Comment' | 'Post';
  who: string;
  /** Shown after `who`, muted: an address beside a name. */
  detail?: string | null;
  time: number;
}

function MessageEntry({ message }: { message: Message }) {
  const from = message.from_field;
  const reach = from.address ?? from.phone_number ?? from.username ?? from.id ?? null;
  const name = from.name?.trim() ? from.name : null;
  const attachments = message.attachments.length;
  return (
    <>
      <EntryHeader
        kind="Message"
        who={name ?? reach ?? 'Unknown sender'}
        detail={name && reach && reach !== name ? reach : null}
        time={message.delivered_at}
      />
      <p className="conversation-entry-text">{message.preview ?? message.subject ?? ''}</p>
      {attachments > 0 ? (
        <p className="conversation-entry-meta">{countOf(attachments, 'attachment')}</p>
      ) : null}
    </>
  );
}

const taskStates = { todo: 'To do', in_progress: 'In progress', closed: 'Done' } as const;

function CommentEntry({ comment }: { comment: Comment }) {
  return (
    <>
      <EntryHeader kind="Comment" who={comment.author.name} time={comment.created_at} />
      {/* Comment bodies are shown as text: React escapes them, no markup is interpreted. */}
      <p className="conversation-entry-text">{comment.body}</p>
      {comment.task ? (
        <p className="conversation-entry-meta">
          <Badge tone={comment.task.state === 'closed' ? 'neutral' : 'accent'}>
            Task: {taskStates[comment.task.state]}
          </Badge>{' '}
          {comment.task.description}
        </p>
      ) : null}
      {comment.attachment ? (
        <p className="conversation-entry-meta">{comment.attachment.filename}</p>
      ) : null}
    </>
  );
}

function PostEntry({ post }: { post: Post }) {
  const text = post.text ?? (post.markdown === null ? '' : markdownToPlainText(post.markdown));
  return (
    <>
      <EntryHeader kind="Post" who={post.username ?? 'Integration'} time={post.created_at} />
      {post.notification.title ? (
        <p className="conversation-entry-title">{post.notification.title}</p>
      ) : null}
      {text ? <p className="conversation-entry-text">{text}</p> : null}
    </>
  );
}

function TimelineSkeleton() {
  return (
    <div className="conversation-timeline-list" aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading the timeline…
      </p>
      {[0, 1, 2].map((row) => (
        <div key={row} className="conversation-entry" aria-hidden="true">
          <p className="conversation-entry-header">
            <span className="conversation-skeleton conversation-skeleton-short" />
          </p>
          <p className="conversation-entry-text">
            <span className="conversation-skeleton" />
          </p>
        </div>
      ))}
    </div>
  );
}
