import { SearchParamLink, type SearchParamTarget } from '@/components/search-param-link';
import type { Conversation } from '@crm/shared/missive/conversations';
import { TimeLabel } from './time-label';
import './conversation-browser.css';
import { Badge } from '@/components/ui/badge';

/**
 * What a list row calls a conversation: its subject, else the latest
 * message's; SMS and WhatsApp threads have neither, so they go by who wrote
 * first (the name, else the phone number).
 */
export function conversationListTitle(conversation: Conversation): string {
  const subject = (conversation.subject ?? conversation.latest_message_subject)?.trim();
  if (subject) return subject;
  const [first] = conversation.authors;
  const who = [first?.name, first?.phone_number, first?.address].find((part) => part?.trim());
  return who?.trim() ?? '(no subject)';
}

/** Everyone who wrote, once each, in the order Missive lists them. */
export function authorNames(conversation: Conversation): string[] {
  const names = conversation.authors.flatMap((author) => {
    const name = author.name?.trim() ?? author.address ?? author.phone_number;
    return name ? [name] : [];
  });
  return Array.from(new Set(names));
}

export interface ConversationRowProps {
  conversation: Conversation;
  /** Where the row leads: the same list with this conversation open beside it. */
  link: SearchParamTarget;
  isOpen: boolean;
}

/**
 * One row of the dashboard's list. Only the subject is the link (a short,
 * distinct name for screen readers and for the tab order); CSS stretches its
 * click area over the whole row.
 */
export function ConversationRow({ conversation, link, isOpen }: ConversationRowProps) {
  const time = conversation.last_activity_at ?? conversation.created_at;
  const authors = authorNames(conversation);
  const assignees = conversation.assignees.map((user) => user.name);
  return (
    <div className={isOpen ? 'conversation-row conversation-row-open' : 'conversation-row'}>
      <div className="conversation-row-top">
        <SearchParamLink
          {...link}
          className="conversation-row-link"
          aria-current={isOpen ? 'true' : undefined}
        >
          {conversationListTitle(conversation)}
        </SearchParamLink>
        {time === undefined ? null : (
          <span className="conversation-row-time">
            <span className="visually-hidden">Last activity </span>
            <TimeLabel seconds={time} />
          </span>
        )}
      </div>
      {authors.length > 0 && <p className="conversation-row-line">{authors.join(', ')}</p>}
      {(conversation.shared_labels.length > 0 || assignees.length > 0) && (
        <p className="conversation-row-line conversation-row-meta">
          {conversation.shared_labels.length > 0 && (
            <span className="conversation-row-labels">
              <span className="visually-hidden">Labels: </span>
              {conversation.shared_labels.map((label) => (
                <Badge key={label.id} className="conversation-row-label">
                  {label.name}
                </Badge>
              ))}
            </span>
          )}
          {assignees.length > 0 && (
            <span className="conversation-row-assignees">Assigned to {assignees.join(', ')}</span>
          )}
        </p>
      )}
    </div>
  );
}
