import { z } from 'zod';
import { idSchema, queryInt } from './missive/common';

/**
 * `/api/unified/ticketing/…`: Missive in the unified ticketing model
 * (tickets, comments, attachments, tags, teams, users, workspaces, me), as
 * unified-API vendors map it (shared/missive-api/truto-missive.md), served
 * from the gateway's mirror. Every list answers `{result, next_cursor}`;
 * pass next_cursor back as `cursor` until it is null.
 */

export const unifiedListQuery = z.strictObject({
  limit: queryInt(1, 100).optional(),
  cursor: z.string().max(500, 'is not a cursor this API gave').optional(),
});

export const ticketScopedQuery = unifiedListQuery.extend({ ticket_id: idSchema });

const ref = z.object({ id: z.string() });
const namedRef = ref.extend({ name: z.string().nullable() });
const iso = z.string().nullable();

export const unifiedTicketSchema = z.object({
  id: z.string(),
  /** The conversation's subject, else its latest message's. */
  name: z.string().nullable(),
  /** closed when every user with access has closed it (Missive closes per user). */
  status: z.enum(['open', 'closed']),
  assignees: z.array(namedRef.extend({ email: z.string() })),
  tags: z.array(namedRef),
  workspace: namedRef.nullable(),
  team: namedRef.nullable(),
  /** Who wrote in it: outside people and the team alike, as Missive lists its authors. */
  participants: z.array(
    z.object({
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  ),
  counts: z.object({ messages: z.number(), attachments: z.number(), tasks: z.number() }),
  created_at: iso,
  updated_at: iso,
  ticket_url: z.string(),
});
export type UnifiedTicket = z.infer<typeof unifiedTicketSchema>;

export const unifiedAttachmentSchema = z.object({
  id: z.string(),
  file_name: z.string(),
  mime_type: z.string().nullable(),
  size: z.number(),
  /** Missive's own address for the file (it may expire). */
  file_url: z.string(),
  ticket: ref,
  comment: ref,
  created_at: iso,
});
export type UnifiedAttachment = z.infer<typeof unifiedAttachmentSchema>;

export const unifiedCommentSchema = z.object({
  id: z.string(),
  ticket: ref,
  /** message: to or from outside (by a user when the team sent it); comment: the team's internal note; post: an integration's. */
  kind: z.enum(['message', 'comment', 'post']),
  /** A message's preview (its full body is one get_single_missive_message_by_id away); a comment's or post's text. */
  body: z.string().nullable(),
  is_private: z.boolean(),
  author: z.object({
    type: z.enum(['contact', 'user', 'integration']),
    id: z.string().nullable(),
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  attachments: z.array(unifiedAttachmentSchema),
  created_at: iso,
});
export type UnifiedComment = z.infer<typeof unifiedCommentSchema>;

export const unifiedTagSchema = z.object({
  id: z.string(),
  /** The full path, parents first ("Billing/Refunds"). */
  name: z.string(),
  color: z.string().nullable(),
  parent: ref.nullable(),
  workspace: ref,
});

export const unifiedTeamSchema = z.object({ id: z.string(), name: z.string(), workspace: ref });

export const unifiedUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  emails: z.array(z.object({ email: z.string(), is_primary: z.boolean() })),
  avatar: z.string().nullable(),
});

export const unifiedWorkspaceSchema = z.object({ id: z.string(), name: z.string() });

export const unifiedMeSchema = unifiedUserSchema.extend({
  /** Who the gateway knows the caller as: the access key's person and role. */
  gateway_person: z.object({ name: z.string(), role: z.string() }),
});

export function unifiedListSchema<T extends z.ZodType>(item: T) {
  return z.object({ result: z.array(item), next_cursor: z.string().nullable() });
}
