import { useId, type ReactNode } from 'react';
import type { Conversation } from '@crm/shared/missive/conversations';
import { useHost } from '../../../host/host-context';
import { ApiError } from '../../../lib/api-client';
import { useConversation } from '../api/get-conversation';
import { useConversationMessages } from '../api/get-conversation-messages';
import { conversationSubject, countOf } from './format';
import { LoadError } from './load-error';
import './conversation.css';

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

/**
 * The header of the sidebar: what the selected conversation is, who has it,
 * how it is labelled, what it holds, and a way to open it in Missive.
 */
export function ConversationSummary({ conversationId }: { conversationId: string }) {
  const conversation = useConversation(conversationId);
  const headingId = useId();

  // A failed refresh keeps showing what was read before.
  if (conversation.data) {
    return <SummaryView conversation={conversation.data} headingId={headingId} />;
  }
  if (conversation.error) {
    const gone = conversation.error instanceof ApiError && conversation.error.status === 404;
    return (
      <section className="conversation-summary" aria-label="Conversation">
        {gone ? (
          <p className="conversation-empty">This conversation no longer exists</p>
        ) : (
          <LoadError error={conversation.error} onRetry={() => void conversation.refetch()} />
        )}
      </section>
    );
  }
  return <SummarySkeleton headingId={headingId} />;
}

function SummaryView({
  conversation,
  headingId,
}: {
  conversation: Conversation;
  headingId: string;
}) {
  const host = useHost();
  const assignees = conversation.assignees.map((user) => user.name).join(', ');
  return (
    <SummaryLayout
      headingId={headingId}
      subject={conversationSubject(conversation)}
      channel={<ChannelName conversationId={conversation.id} />}
      team={conversation.team?.name ?? 'No team'}
      assignees={assignees || 'Unassigned'}
      labels={
        conversation.shared_labels.length === 0 ? (
          'None'
        ) : (
          <ul className="conversation-labels" aria-label="Labels">
            {conversation.shared_labels.map((label) => (
              <li key={label.id} className="conversation-label">
                {label.name}
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

/** The latest message's channel; the conversation itself does not say. */
function ChannelName({ conversationId }: { conversationId: string }) {
  const messages = useConversationMessages(conversationId);
  if (messages.data) {
    const latest = messages.data.pages[0]?.[0];
    return latest ? channelNames[channelOf(latest.type)] : 'No messages';
  }
  return messages.isError ? 'Unknown' : <Placeholder />;
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
        {loading ? (
          <span className="conversation-visually-hidden">Loading conversation…</span>
        ) : null}
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
      <button
        type="button"
        className="conversation-open"
        disabled={loading}
        onClick={props.onOpen ?? undefined}
      >
        Open in Missive
      </button>
    </section>
  );
}
