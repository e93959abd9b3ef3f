import { useId, type ReactNode } from 'react';
import type { Conversation } from '@crm/shared/missive/conversations';
import { useHost } from '@/host/host-context';
import { ApiError } from '@/lib/api-client';
import { countOf } from './format';
import { LoadError } from './load-error';
import './conversation.css';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';

export type Channel = 'email' | 'sms' | 'whatsapp' | 'custom';

const channelNames: Record<Channel, string> = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  custom: 'Custom channel',
};

/** Missive's message types beyond email, SMS and WhatsApp are all custom-channel integrations. */
export function channelOf(messageType: string): Channel {
  return messageType === 'email' || messageType === 'sms' || messageType === 'whatsapp'
    ? messageType
    : 'custom';
}

export interface ConversationSummaryProps {
  /** As last read; undefined until the first answer. */
  conversation: Conversation | undefined;
  /** What the sidebar calls it: its subject, else who it is with. */
  title: string | undefined;
  /** The latest message's type (email, sms, whatsapp, …), when known. */
  channel: string | null | undefined;
  /** Whether the people in it are known by email, by phone, or both: the channel's fallback. */
  reachedBy: { email: boolean; phone: boolean };
  error: Error | null;
  onRetry: () => void;
}

/**
 * The header of the sidebar: what the selected conversation is, who has it,
 * how it is labelled, what it holds, and a way to open it in Missive.
 */
export function ConversationSummary({
  conversation,
  error,
  onRetry,
  ...rest
}: ConversationSummaryProps) {
  const headingId = useId();

  // A failed refresh keeps showing what was read before.
  if (conversation) {
    return <SummaryView conversation={conversation} headingId={headingId} {...rest} />;
  }
  if (error) {
    const gone = error instanceof ApiError && error.status === 404;
    return (
      <section className="conversation-summary" aria-label="Conversation">
        {gone ? (
          <p className="conversation-empty">This conversation no longer exists</p>
        ) : (
          <LoadError error={error} onRetry={onRetry} />
        )}
      </section>
    );
  }
  return <SummarySkeleton headingId={headingId} />;
}

function SummaryView({
  conversation,
  headingId,
  title,
  channel,
  reachedBy,
}: Omit<ConversationSummaryProps, 'conversation' | 'error' | 'onRetry'> & {
  conversation: Conversation;
  headingId: string;
}) {
  const host = useHost();
  const assignees = conversation.assignees.map((user) => user.name).join(', ');
  return (
    <SummaryLayout
      headingId={headingId}
      subject={title}
      channel={channelName(channel, reachedBy)}
      team={conversation.team?.name ?? 'No team'}
      assignees={assignees || 'Unassigned'}
      labels={
        conversation.shared_labels.length === 0 ? (
          'None'
        ) : (
          <ul className="conversation-labels" aria-label="Labels">
            {conversation.shared_labels.map((label) => (
              <li key={label.id}>
                <Badge>{label.name}</Badge>
              </li>
            ))}
          </ul>
        )
      }
      counts={[
        countOf(conversation.messages_count, 'message'),
        countOf(conversation.attachments_count, 'attachment'),
        `${conversation.completed_tasks_count}/${conversation.tasks_count} tasks done`,
        countOf(conversation.drafts_count, 'draft'),
      ]}
      onOpen={() => {
        host.openConversation({ id: conversation.id, web_url: conversation.web_url });
      }}
    />
  );
}

/**
 * The latest message's channel. Missive's conversation record does not say
 * it, and reading the messages for it would cost a call on every switch, so
 * until the gateway has seen a message the people in it tell: an address
 * means email, a number alone SMS or WhatsApp.
 */
function channelName(
  channel: string | null | undefined,
  reachedBy: ConversationSummaryProps['reachedBy'],
): string {
  if (channel) return channelNames[channelOf(channel)];
  if (reachedBy.email) return channelNames.email;
  return reachedBy.phone ? 'SMS or WhatsApp' : 'Unknown';
}

function SummarySkeleton({ headingId }: { headingId: string }) {
  const placeholder = <Placeholder />;
  return (
    <SummaryLayout
      headingId={headingId}
      subject={placeholder}
      channel={placeholder}
      team={placeholder}
      assignees={placeholder}
      labels={placeholder}
      // Two bars, like the four counts, which wrap to two lines in a narrow panel.
      counts={[
        <span
          key="a"
          className="conversation-skeleton conversation-skeleton-counts"
          aria-hidden="true"
        />,
        <span
          key="b"
          className="conversation-skeleton conversation-skeleton-counts"
          aria-hidden="true"
        />,
      ]}
      onOpen={null}
    />
  );
}

function Placeholder() {
  return <span className="conversation-skeleton" aria-hidden="true" />;
}

interface SummaryLayoutProps {
  headingId: string;
  subject: ReactNode;
  channel: ReactNode;
  team: ReactNode;
  assignees: ReactNode;
  labels: ReactNode;
  counts: ReactNode[];
  /** null while loading: the button is there (the layout stays still) but disabled. */
  onOpen: (() => void) | null;
}

/** One layout for the loaded summary and its skeleton, so loading does not shift the panel. */
function SummaryLayout(props: SummaryLayoutProps) {
  const loading = props.onOpen === null;
  return (
    <section className="conversation-summary" aria-labelledby={props.headingId} aria-busy={loading}>
      <h2 id={props.headingId} className="conversation-subject">
        {loading ? <span className="visually-hidden">Loading conversation…</span> : null}
        {props.subject}
      </h2>
      <dl className="conversation-facts">
        <dt>Channel</dt>
        <dd>{props.channel}</dd>
        <dt>Team</dt>
        <dd>{props.team}</dd>
        <dt>Assignees</dt>
        <dd>{props.assignees}</dd>
        <dt>Labels</dt>
        <dd>{props.labels}</dd>
      </dl>
      <ul className="conversation-counts" aria-label="Counts">
        {props.counts.map((count, index) => (
          <li key={index}>{count}</li>
        ))}
      </ul>
      <Button disabled={loading} onClick={props.onOpen ?? undefined}>
        Open in Missive
      </Button>
    </section>
  );
}
