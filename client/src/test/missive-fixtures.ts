import type { ConversationContext } from '@crm/shared/context';
import type { Conversation } from '@crm/shared/missive/conversations';

/** A conversation that satisfies the shared schema; override what a test is about. */
export function makeConversation(overrides: Partial<Conversation> & { id: string }): Conversation {
  return {
    subject: null,
    latest_message_subject: null,
    organization: { id: 'org-1', name: 'Acme Support' },
    color: null,
    assignees: [],
    users: [],
    attachments_count: 0,
    messages_count: 1,
    authors: [{ name: 'Ada Lovelace', address: 'ada@example.com' }],
    drafts_count: 0,
    send_later_messages_count: 0,
    tasks_count: 0,
    completed_tasks_count: 0,
    web_url: `https://mail.missiveapp.com/#inbox/conversations/${overrides.id}`,
    app_url: `missive://mail.missiveapp.com/#inbox/conversations/${overrides.id}`,
    assignee_names: '',
    assignee_emails: '',
    shared_label_names: '',
    team: null,
    shared_labels: [],
    ...overrides,
  };
}

/** The gateway's context for a conversation: nobody matched, nothing else known, unless overridden. */
export function makeContext(
  conversation: Conversation,
  overrides: Partial<ConversationContext> = {},
): ConversationContext {
  return {
    conversation,
    title: conversation.subject ?? conversation.latest_message_subject ?? '(no subject)',
    channel: null,
    participants: [],
    labels: [],
    tasks: [],
    sources: { conversation: 'mirror', participants: 'mirror' },
    as_of: { conversation: 1_700_000_000_000, contacts: null, tasks: null },
    ...overrides,
  };
}
