import { useId } from 'react';
import type { Conversation } from '@crm/shared/missive/conversations';
import { useHost } from '@/host/host-context';
import { conversationSubject } from './format';
import { TimeLabel } from './time-label';
import './conversation.css';

export interface OtherConversationsProps {
  /** The participant's other conversations, newest first; undefined while they load. */
  conversations: readonly Conversation[] | undefined;
  /** The conversation on screen, left out of the list. */
  excludeId?: string;
}

/** A participant's latest other conversations, newest first, each opening in Missive. */
export function OtherConversations({ conversations, excludeId }: OtherConversationsProps) {
  const headingId = useId();
  const others = conversations?.filter((conversation) => conversation.id !== excludeId);

  return (
    <section className="conversation-others" aria-labelledby={headingId}>
      <h3 id={headingId} className="conversation-heading">
        Other conversations
      </h3>
      {others ? (
        others.length === 0 ? (
          <p className="conversation-empty">No other conversations</p>
        ) : (
          <ul role="list" aria-labelledby={headingId} className="conversation-others-list">
            {others.map((conversation) => (
              <li key={conversation.id}>
                <OtherConversation conversation={conversation} />
              </li>
            ))}
          </ul>
        )
      ) : (
        <div className="conversation-others-list" aria-busy="true">
          <p className="visually-hidden" role="status">
            Loading other conversations…
          </p>
          {[0, 1, 2].map((row) => (
            <span key={row} className="conversation-other" aria-hidden="true">
              <span className="conversation-skeleton" />
            </span>
          ))}
        </div>
      )}
    </section>
  );
}

function OtherConversation({ conversation }: { conversation: Conversation }) {
  const host = useHost();
  const time = conversation.last_activity_at ?? conversation.created_at;
  const subject = conversationSubject(conversation);
  return (
    <button
      type="button"
      className="conversation-other"
      onClick={() => {
        host.openConversation({ id: conversation.id, web_url: conversation.web_url });
      }}
    >
      {/* Cut to one line in the narrow sidebar; the whole subject shows on hover. */}
      <span className="conversation-other-subject" title={subject}>
        {subject}
      </span>
      {time === undefined ? null : <TimeLabel seconds={time} className="conversation-muted" />}
    </button>
  );
}
