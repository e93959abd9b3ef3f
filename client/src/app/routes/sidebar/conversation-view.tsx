import { lazy, useId, useState } from 'react';
import type { ContextParticipant } from '@crm/shared/context';
import type { Contact } from '@crm/shared/missive/contacts';
import { ContactCards } from '@/features/contacts/components/contact-cards';
import { ConversationSummary } from '@/features/conversation/components/conversation-summary';
import { OtherConversations } from '@/features/conversation/components/other-conversations';
import { ReplyComposer } from '@/features/drafts/components/reply-composer';
import { LabelsEditor } from '@/features/labels/components/labels-editor';
import { InternalNote } from '@/features/posts/components/internal-note';
import { TasksPanel } from '@/features/tasks/components/tasks-panel';
import { ViewBoundary } from '@/components/view-boundary';
import { useConversationContext } from '@/lib/conversation-context';
import { Button } from '@/components/ui/button';

// Downloaded when first opened: most replies never need it (see LazyTimeline).
const Timeline = lazy(() =>
  import('@/features/conversation/components/timeline').then((m) => ({
    default: m.Timeline,
  })),
);

/**
 * One conversation selected: everything an agent needs while replying, in
 * the order they reach for it. It comes in one answer from the gateway (what
 * the window around already knew, plus the gateway's mirror), so selecting a
 * conversation costs the team's Missive budget nothing; only what the agent
 * opens (the timeline, existing drafts) is read from Missive. The route
 * composes the features; they never import each other, so what one knows
 * reaches another through props here.
 */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const context = useConversationContext(conversationId);
  const data = context.data;
  const participants = data?.participants ?? [];
  const recipients = participants.flatMap((participant) =>
    participant.email ? [{ address: participant.email, name: participant.name }] : [],
  );
  const [first] = participants;
  const matched = first?.contacts[0];
  const contact = matched ? replyContact(matched) : first ? nameParts(first.name) : null;
  const conversation = data?.conversation;
  const subject = conversation
    ? (conversation.subject ?? conversation.latest_message_subject)
    : null;

  return (
    <div className="sidebar-conversation">
      <ConversationSummary
        conversation={conversation}
        title={data?.title}
        channel={data?.channel}
        reachedBy={{
          email: participants.some((participant) => participant.email),
          phone: participants.some((participant) => participant.phone),
        }}
        error={context.error}
        onRetry={() => void context.refetch()}
      />
      {conversation && (
        <LabelsEditor
          conversationId={conversationId}
          organizationId={conversation.organization?.id ?? null}
          appliedLabelIds={conversation.shared_labels.map((label) => label.id)}
        />
      )}
      {data && (
        <div className="sidebar-section">
          <ContactCards participants={participants} conversationSubject={subject} />
          {participants.map((participant) =>
            participant.email || participant.phone ? (
              <section
                key={participant.email ?? participant.phone}
                className="sidebar-other"
                aria-label={`Other conversations with ${whoIs(participant)}`}
              >
                <OtherConversations
                  conversations={participant.other_conversations}
                  excludeId={conversationId}
                />
              </section>
            ) : null,
          )}
        </div>
      )}
      <ReplyComposer
        conversationId={conversationId}
        subject={subject}
        recipients={recipients}
        contact={contact}
        draftsCount={conversation?.drafts_count}
      />
      {conversation && (
        <TasksPanel
          conversationId={conversationId}
          organizationId={conversation.organization?.id ?? null}
          teamId={conversation.team?.id ?? null}
          tasks={data.tasks}
        />
      )}
      <InternalNote conversationId={conversationId} />
      <LazyTimeline conversationId={conversationId} />
    </div>
  );
}

function whoIs(participant: ContextParticipant): string {
  return participant.name ?? participant.email ?? participant.phone ?? 'this person';
}

/**
 * The thread itself is on screen beside the sidebar in Missive, and reading
 * it costs calls on the team's budget: it is read when the agent asks, and
 * its code is downloaded then too.
 */
function LazyTimeline({ conversationId }: { conversationId: string }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <div className="sidebar-timeline">
      <Button
        variant="secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen((shown) => !shown);
        }}
      >
        {open ? 'Hide the timeline' : 'Show the timeline'}
      </Button>
      <div id={panelId}>
        {open ? (
          <ViewBoundary>
            <Timeline conversationId={conversationId} />
          </ViewBoundary>
        ) : null}
      </div>
    </div>
  );
}

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
