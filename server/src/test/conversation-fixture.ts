import { conversationSchema, type Conversation } from '@crm/shared/missive/conversations';

/** A conversation as Missive answers one, checked by the shared schema; override what a test is about. */
export function makeConversation(id: string, fields: Partial<Conversation> = {}): Conversation {
  return conversationSchema.parse({
    id,
    subject: null,
    latest_message_subject: null,
    organization: null,
    color: null,
    assignees: [],
    users: [],
    attachments_count: 0,
    messages_count: 1,
    authors: [],
    drafts_count: 0,
    send_later_messages_count: 0,
    tasks_count: 0,
    completed_tasks_count: 0,
    web_url: `https://mail.missiveapp.com/#inbox/conversations/${id}`,
    app_url: `missive://mail.missiveapp.com/#inbox/conversations/${id}`,
    assignee_names: '',
    assignee_emails: '',
    shared_label_names: '',
    last_activity_at: 1_718_000_000,
    team: null,
    shared_labels: [],
    ...fields,
  });
}
