import type { ContactInfoInput } from '@crm/shared/missive/contacts';
import type { AttachmentFile } from '@crm/shared/missive/common';
import type { HookType } from '@crm/shared/missive/hooks';
import type { ReportRequest } from '@crm/shared/missive/analytics';
import type { TaskState } from '@crm/shared/missive/tasks';

/**
 * The emulator's own records. They hold what Missive keeps; the views in
 * views.ts derive the API's answers (counts, names, URLs, user flags) from
 * them, so no derived value can drift out of date. Times are Unix seconds.
 */

export interface OrganizationRecord {
  id: string;
  name: string;
}

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  avatar_url: string | null;
  /** The owner of the emulator's API token. Exactly one user has it. */
  me: boolean;
  organization: string;
  admin: boolean;
}

export interface TeamRecord {
  id: string;
  name: string;
  organization: string;
  /** User ids. */
  members: string[];
}

export interface SharedLabelRecord {
  id: string;
  name: string;
  color: string | null;
  parent: string | null;
  organization: string;
  share_with_organization: boolean;
  share_with_team: string | null;
  share_with_users: string[];
  visibility: 'organization' | 'delegates';
}

export interface ContactBookRecord {
  id: string;
  /** Owner user id. */
  user: string;
  share_with_organization: boolean;
  share_with_team: string | null;
  share_with_users: string[];
  organization: string | null;
  name: string;
  description: string | null;
}

export interface ContactGroupRecord {
  id: string;
  contact_book: string;
  kind: 'organization' | 'group';
  name: string;
}

export interface MembershipRecord {
  department?: string;
  title?: string;
  location?: string;
  description?: string;
  /** ContactGroupRecord id. */
  group: string;
}

export interface ContactRecord {
  id: string;
  contact_book: string;
  first_name?: string;
  last_name?: string;
  middle_name?: string;
  phonetic_first_name?: string;
  phonetic_last_name?: string;
  phonetic_middle_name?: string;
  prefix?: string;
  suffix?: string;
  nickname?: string;
  file_as?: string;
  notes?: string;
  starred: boolean;
  gender?: string;
  infos: ContactInfoInput[];
  memberships: MembershipRecord[];
  modified_at: number;
  deleted: boolean;
}

export type Channel = 'email' | 'sms' | 'whatsapp' | 'custom';

/** Where a conversation sits for one user who has access to it. */
export interface UserConversationState {
  inbox: boolean;
  flagged: boolean;
  snoozed: boolean;
}

export interface ConversationRecord {
  id: string;
  created_at: number;
  /** A subject set on the conversation itself; null shows the latest message's. */
  subject: string | null;
  color: string | null;
  organization: string | null;
  team: string | null;
  /** In the team's inbox (as opposed to only in its All mailbox). */
  team_inbox: boolean;
  /** User ids; every assignee is also a user. */
  assignees: string[];
  /** User ids with access, with where it sits for each. */
  users: Record<string, UserConversationState>;
  shared_labels: string[];
  closed: boolean;
  trashed: boolean;
  junked: boolean;
  channel: Channel;
  /** References (Message-IDs, external ids) that posts, drafts and messages may append by. */
  references: string[];
  /** Set when merged: reads of this id answer with the target. */
  merged_into: string | null;
  last_activity_at: number;
}

// A type alias rather than an interface: the API's loose schemas accept extra
// keys, and only an alias is assignable to such an index-signature type.
export type AddressField = {
  name?: string | null;
  address?: string | null;
  phone_number?: string | null;
  id?: string | null;
  username?: string | null;
};

export interface MessageRecord {
  id: string;
  conversation: string;
  type: Channel;
  subject: string | null;
  body: string;
  from_field: AddressField;
  to_fields: AddressField[];
  cc_fields: AddressField[];
  bcc_fields: AddressField[];
  reply_to_fields: AddressField[];
  attachments: AttachmentFile[];
  delivered_at: number;
  created_at: number;
  updated_at: number;
  email_message_id: string | null;
  in_reply_to: string[];
  references: string[];
  external_id: string | null;
  /** Sent by a user of the organization (outgoing) rather than received. */
  outgoing: boolean;
}

export interface CommentTaskRecord {
  description: string;
  state: TaskState;
  due_at: number | null;
  /** User ids. */
  assignees: string[];
}

export interface CommentRecord {
  id: string;
  conversation: string;
  body: string;
  /** User id. */
  author: string;
  /** User ids mentioned in the body. */
  mentions: string[];
  created_at: number;
  attachment: AttachmentFile | null;
  task: CommentTaskRecord | null;
}

export interface DraftRecord {
  id: string;
  conversation: string;
  type: Channel;
  /** User id of whoever wrote it. */
  author: string;
  subject: string | null;
  body: string;
  from_field: AddressField | null;
  to_fields: AddressField[];
  cc_fields: AddressField[];
  bcc_fields: AddressField[];
  attachments: AttachmentFile[];
  send_at: number | null;
  auto_followup: boolean;
  created_at: number;
  updated_at: number;
}

export interface PostRecord {
  id: string;
  conversation: string;
  created_at: number;
  username: string | null;
  username_icon: string | null;
  text: string | null;
  markdown: string | null;
  notification: { title: string; body: string };
  attachments: Record<string, unknown>[];
}

export interface CannedResponseRecord {
  id: string;
  title: string;
  body: string;
  subject: string | null;
  organization: string | null;
  user: string | null;
  share_with_team: string | null;
  modified_at: number;
  to_fields: AddressField[];
  cc_fields: AddressField[];
  bcc_fields: AddressField[];
  shared_labels: string[];
  attachments: AttachmentFile[];
}

export interface TaskRecord {
  id: string;
  title: string;
  description: string | null;
  state: TaskState;
  organization: string | null;
  team: string | null;
  /** User ids. */
  assignees: string[];
  due_at: number | null;
  /** The conversation a subtask belongs to, or the standalone task's own conversation. */
  conversation: string;
  subtask: boolean;
  created_at: number;
  last_activity_at: number;
}

export interface HookRecord {
  id: string;
  type: HookType;
  url: string;
  description: string | null;
  organization: string | null;
  secret: string;
  created_at: number;
  consecutive_failures: number;
  disabled: boolean;
}

export interface ReportRecord {
  id: string;
  request: ReportRequest;
  created_at_ms: number;
  ready_at_ms: number;
}

/** Everything the emulator knows: the seed fills it, requests change it. */
export interface EmulatorData {
  organizations: OrganizationRecord[];
  users: UserRecord[];
  teams: TeamRecord[];
  sharedLabels: SharedLabelRecord[];
  contactBooks: ContactBookRecord[];
  contactGroups: ContactGroupRecord[];
  contacts: ContactRecord[];
  conversations: ConversationRecord[];
  messages: MessageRecord[];
  comments: CommentRecord[];
  drafts: DraftRecord[];
  posts: PostRecord[];
  responses: CannedResponseRecord[];
  tasks: TaskRecord[];
  hooks: HookRecord[];
  reports: ReportRecord[];
}
