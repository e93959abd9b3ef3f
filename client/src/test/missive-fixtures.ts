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
