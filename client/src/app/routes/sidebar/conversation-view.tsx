import type { Contact } from '@crm/shared/missive/contacts';
import { useParticipantContact } from '../../../features/contacts/api/find-participant-contact';
import { ContactCards } from '../../../features/contacts/components/contact-cards';
import { useConversation } from '../../../features/conversation/api/get-conversation';
import { ConversationSummary } from '../../../features/conversation/components/conversation-summary';
import { OtherConversations } from '../../../features/conversation/components/other-conversations';
import { Timeline } from '../../../features/conversation/components/timeline';
import { useParticipants } from '../../../features/conversation/hooks/use-participants';
import { ReplyComposer } from '../../../features/drafts/components/reply-composer';
import { LabelsEditor } from '../../../features/labels/components/labels-editor';
import { InternalNote } from '../../../features/posts/components/internal-note';
import { TasksPanel } from '../../../features/tasks/components/tasks-panel';
import { useContactBooks } from '../../../lib/contact-books';

/**
 * One conversation selected: everything an agent needs while replying, in
 * the order they reach for it. The route composes the features; they never
 * import each other, so what one feature knows (the participants, the
 * conversation's organization) reaches another through props here.
 */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const conversation = useConversation(conversationId);
  const { participants } = useParticipants(conversationId);
  const data = conversation.data;
  const subject = data ? (data.subject ?? data.latest_message_subject) : null;
  const recipients = participants.flatMap((participant) =>
    participant.email ? [{ address: participant.email, name: participant.name }] : [],
  );
  const [first] = participants;
  // The same query the contact card runs: the reply's variables come from the
  // matched record (its company included) at no extra cost.
  const books = useContactBooks();
  const match = useParticipantContact(
    first ?? NOBODY,
    books.data?.map((book) => book.id),
  );
  const contact = match.data ? replyContact(match.data) : first ? nameParts(first.name) : null;

  return (
    <div className="sidebar-conversation">
      <ConversationSummary conversationId={conversationId} />
      {data && (
        <LabelsEditor
          conversationId={conversationId}
          organizationId={data.organization?.id ?? null}
          appliedLabelIds={data.shared_labels.map((label) => label.id)}
        />
      )}
      <div className="sidebar-section">
        <ContactCards participants={participants} conversationSubject={subject} />
        {participants.map((participant) =>
          participant.email ? (
            <section
              key={participant.email}
              className="sidebar-other"
              aria-label={`Other conversations with ${participant.name ?? participant.email}`}
            >
              <OtherConversations email={participant.email} excludeId={conversationId} />
            </section>
          ) : null,
        )}
      </div>
      <ReplyComposer
        conversationId={conversationId}
        subject={subject}
        recipients={recipients}
        contact={contact}
      />
      {data && (
        <TasksPanel
          conversationId={conversationId}
          organizationId={data.organization?.id ?? null}
          teamId={data.team?.id ?? null}
        />
      )}
      <InternalNote conversationId={conversationId} />
      <Timeline conversationId={conversationId} />
    </div>
  );
}

const NOBODY = { name: null, email: null, phone: null };

function replyContact(contact: Contact): {
  first_name: string | null;
  last_name: string | null;
  company: string | null;
} {
  const company = contact.memberships?.find(
    (membership) => membership.group.kind === 'organization',
  );
  return {
    first_name: contact.first_name ?? null,
    last_name: contact.last_name ?? null,
    company: company?.group.name ?? null,
  };
}

/**
 * Without a contact, the display name: the first word is the first name,
 * the rest the last name (as creating a contact splits it).
 */
function nameParts(name: string | null): { first_name: string | null; last_name: string | null } {
  const trimmed = name?.trim() ?? '';
  const at = trimmed.indexOf(' ');
  if (!trimmed) return { first_name: null, last_name: null };
  return at === -1
    ? { first_name: trimmed, last_name: null }
    : { first_name: trimmed.slice(0, at), last_name: trimmed.slice(at + 1) };
}
