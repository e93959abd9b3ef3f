import { z } from 'zod';
import {
  attachmentFileSchema,
  checkRouting,
  conversationColorSchema,
  idListParam,
  idSchema,
  queryBoolean,
  queryInt,
  queryTimestamp,
  timestampSchema,
} from './common';

/** A user's view of a conversation: where it sits in that user's mailboxes. */
export const conversationUserSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  unassigned: z.boolean(),
  closed: z.boolean(),
  archived: z.boolean(),
  trashed: z.boolean(),
  junked: z.boolean(),
  assigned: z.boolean(),
  flagged: z.boolean(),
  snoozed: z.boolean(),
});
export type ConversationUser = z.infer<typeof conversationUserSchema>;

/** An author or participant: email channels name an address, SMS and WhatsApp a phone number. */
export const authorSchema = z.looseObject({
  name: z.string().nullish(),
  address: z.string().nullish(),
  phone_number: z.string().nullish(),
});
export type Author = z.infer<typeof authorSchema>;

export const conversationSchema = z.looseObject({
  id: z.string(),
  created_at: z.number().optional(),
  subject: z.string().nullable(),
  latest_message_subject: z.string().nullable(),
  organization: z.looseObject({ id: z.string(), name: z.string() }).nullable(),
  color: z.string().nullable(),
  assignees: z.array(conversationUserSchema),
  users: z.array(conversationUserSchema),
  attachments_count: z.number(),
  messages_count: z.number(),
  authors: z.array(authorSchema),
  drafts_count: z.number(),
  send_later_messages_count: z.number(),
  tasks_count: z.number(),
  completed_tasks_count: z.number(),
  web_url: z.string(),
  app_url: z.string(),
  assignee_names: z.string(),
  assignee_emails: z.string(),
  shared_label_names: z.string(),
  last_activity_at: z.number().optional(),
  team: z.looseObject({ id: z.string(), name: z.string(), organization: z.string() }).nullable(),
  shared_labels: z.array(z.looseObject({ id: z.string(), name: z.string() })),
});
export type Conversation = z.infer<typeof conversationSchema>;

/** The mailboxes that take `true`, and those that take an id. */
export const booleanMailboxes = [
  'inbox',
  'all',
  'assigned',
  'closed',
  'snoozed',
  'flagged',
  'trashed',
  'junked',
  'drafts',
] as const;
export const idMailboxes = ['shared_label', 'team_inbox', 'team_closed', 'team_all'] as const;
export const contactFilters = ['email', 'domain', 'contact_organization'] as const;

export const conversationListQuery = z
  .strictObject({
    limit: queryInt(1, 50).optional(),
    until: queryTimestamp.optional(),
    inbox: queryBoolean.optional(),
    all: queryBoolean.optional(),
    assigned: queryBoolean.optional(),
    closed: queryBoolean.optional(),
    snoozed: queryBoolean.optional(),
    flagged: queryBoolean.optional(),
    trashed: queryBoolean.optional(),
    junked: queryBoolean.optional(),
    drafts: queryBoolean.optional(),
    shared_label: idSchema.optional(),
    team_inbox: idSchema.optional(),
    team_closed: idSchema.optional(),
    team_all: idSchema.optional(),
    organization: idSchema.optional(),
    email: z.string().trim().min(3).max(320).optional(),
    domain: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'must be a domain such as "example.com"')
      .optional(),
    contact_organization: idSchema.optional(),
  })
  .superRefine((query, ctx) => {
    const mailboxes = [
      ...booleanMailboxes.filter((name) => query[name] === true),
      ...idMailboxes.filter((name) => query[name] !== undefined),
    ];
    if (mailboxes.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `name a mailbox: one of ${[...booleanMailboxes, ...idMailboxes].join(', ')}`,
      });
    } else if (mailboxes.length > 1) {
      ctx.addIssue({ code: 'custom', message: `name one mailbox, not ${mailboxes.join(' and ')}` });
    }
    const contact = contactFilters.filter((name) => query[name] !== undefined);
    if (contact.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `${contact.join(' and ')} cannot be combined: use one contact filter`,
      });
    }
  });
export type ConversationListQuery = z.infer<typeof conversationListQuery>;

export const conversationsResponse = z.object({ conversations: z.array(conversationSchema) });

export const conversationUpdateItem = z
  .strictObject({
    id: idSchema,
    subject: z.string().max(998).nullable().optional(),
    color: conversationColorSchema.nullable().optional(),
    organization: idSchema.optional(),
    team: idSchema.optional(),
    force_team: z.boolean().optional(),
    add_users: z.array(idSchema).optional(),
    add_assignees: z.array(idSchema).optional(),
    remove_assignees: z.array(idSchema).optional(),
    add_shared_labels: z.array(idSchema).optional(),
    remove_shared_labels: z.array(idSchema).optional(),
    add_to_inbox: z.boolean().optional(),
    add_to_team_inbox: z.boolean().optional(),
    close: z.boolean().optional(),
    reopen: z.boolean().optional(),
  })
  .superRefine((item, ctx) => {
    checkRouting(item, ctx, { labelsNeedOrganization: true });
    if (item.close && item.reopen) {
      ctx.addIssue({ code: 'custom', path: ['reopen'], message: 'cannot be combined with close' });
    }
    const both = (item.add_shared_labels ?? []).filter((id) =>
      item.remove_shared_labels?.includes(id),
    );
    if (both.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['remove_shared_labels'],
        message: `names label ${both.join(', ')} that add_shared_labels also adds`,
      });
    }
  });
export type ConversationUpdateItem = z.infer<typeof conversationUpdateItem>;

export const conversationUpdateParams = z.object({ ids: idListParam(50) });
export const conversationUpdateBody = z.strictObject({
  conversations: z.array(conversationUpdateItem).min(1, 'name at least one conversation').max(50),
});

export const conversationMergeBody = z.strictObject({ target: idSchema });

/** Per-conversation lists (messages, comments, drafts, posts) hold at most 10 a page. */
export const conversationPageQuery = z.strictObject({
  limit: queryInt(1, 10).optional(),
  until: queryTimestamp.optional(),
});

export const commentSchema = z.looseObject({
  id: z.string(),
  body: z.string(),
  mentions: z.array(
    z.looseObject({ id: z.string(), index: z.number().optional(), length: z.number().optional() }),
  ),
  created_at: timestampSchema,
  attachment: attachmentFileSchema.nullable(),
  task: z
    .looseObject({
      description: z.string(),
      state: z.enum(['todo', 'in_progress', 'closed']),
      due_at: z.number().nullable(),
      assignees: z.array(z.looseObject({ id: z.string(), name: z.string(), email: z.string() })),
    })
    .nullable(),
  author: z.looseObject({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    avatar_url: z.string().nullable(),
  }),
});
export type Comment = z.infer<typeof commentSchema>;
export const commentsResponse = z.object({ comments: z.array(commentSchema) });
