import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import type { AttachmentFile } from '@crm/shared/missive/common';
import { commentsResponse, type Conversation } from '@crm/shared/missive/conversations';
import { messagesListResponse, type MessageField } from '@crm/shared/missive/messages';
import type { User } from '@crm/shared/missive/people';
import { postsResponse } from '@crm/shared/missive/posts';
import type { UnifiedAttachment, UnifiedComment, UnifiedTicket } from '@crm/shared/unified';
import { memberOf } from '../auth/require-auth';
import type { Gateway } from '../gateway/gateway';
import { upstreamMessage } from '../gateway/missive-client';
import { mountRoute, type RouteInput } from '../http/gateway-route';
import { HttpError } from '../http/http-error';
import type { MirrorReader } from '../mirror/mirror-reader';
import { readThread, type Caller, type ThreadRead, type Threads } from '../mirror/threads';
import { callerOf } from './missive-proxy';

/**
 * `/api/unified/ticketing/…` (shared/src/unified.ts; its routes are entries
 * of shared/src/gateway-routes.ts): Missive in the unified ticketing model,
 * field by field (see the README's table), from the mirror.
 * Tickets and the directory cost Missive nothing; a ticket's comments are
 * its messages, comments and posts, read as the sidebar's timeline reads
 * them (kept in the mirror until the conversation changes).
 */

export interface UnifiedDeps {
  reader: MirrorReader;
  threads: Threads;
  gateway: Pick<Gateway, 'call'>;
}

const DEFAULT_LIMIT = 50;
/** Missive's page size for a conversation's lists. */
const THREAD_PAGE = 10;

/** Cursors are opaque to clients: base64url JSON this route wrote and reads back. */
function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<S extends z.ZodType>(
  cursor: string | undefined,
  schema: S,
): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success)
    throw new HttpError(400, 'query.cursor: is not a cursor this API gave; start again without it');
  return result.data;
}

function isoOf(seconds: number | undefined | null): string | null {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null;
}

function ticketOf(conversation: Conversation): UnifiedTicket {
  const { users } = conversation;
  return {
    id: conversation.id,
    name: conversation.subject ?? conversation.latest_message_subject,
    status: users.length > 0 && users.every((user) => user.closed) ? 'closed' : 'open',
    assignees: conversation.assignees.map(({ id, name, email }) => ({ id, name, email })),
    tags: conversation.shared_labels.map(({ id, name }) => ({ id, name })),
    workspace: conversation.organization
      ? { id: conversation.organization.id, name: conversation.organization.name }
      : null,
    team: conversation.team ? { id: conversation.team.id, name: conversation.team.name } : null,
    participants: conversation.authors.map((author) => ({
      name: author.name ?? null,
      email: author.address ?? null,
      phone: author.phone_number ?? null,
    })),
    counts: {
      messages: conversation.messages_count,
      attachments: conversation.attachments_count,
      tasks: conversation.tasks_count,
    },
    created_at: isoOf(conversation.created_at),
    updated_at: isoOf(conversation.last_activity_at),
    ticket_url: conversation.web_url,
  };
}

function attachmentOf(
  file: AttachmentFile,
  ticket: string,
  comment: string,
  at: number,
): UnifiedAttachment {
  return {
    id: file.id,
    file_name: file.filename,
    mime_type: file.media_type && file.sub_type ? `${file.media_type}/${file.sub_type}` : null,
    size: file.size,
    file_url: file.url,
    ticket: { id: ticket },
    comment: { id: comment },
    created_at: isoOf(at),
  };
}

/** A comment's author as the unified model names a user. */
function userRef({ id, name, email }: { id: string; name: string; email: string }) {
  return { id, name, email };
}

/** One page of each of a conversation's three lists, read up to `until`. */
async function threadPages(
  deps: UnifiedDeps,
  ticket: string,
  until: number | undefined,
  caller: Caller,
): Promise<{ items: { at: number; comment: UnifiedComment }[]; fullPagesEndAt: number[] }> {
  const query: Record<string, string> = {
    limit: String(THREAD_PAGE),
    ...(until === undefined ? {} : { until: String(until) }),
  };
  const read = async (name: ThreadRead) => {
    const answer = await readThread(deps, { name, conversationId: ticket, query, ...caller });
    if ('kept' in answer) return answer.kept.body;
    const { status, body } = answer.response;
    if (status === 404) throw new HttpError(404, `Missive knows no ticket "${ticket}"`);
    if (status >= 400) {
      throw new HttpError(
        status >= 500 ? 502 : status,
        upstreamMessage(body) ?? `Missive answered ${status}`,
      );
    }
    return body;
  };
  const [messages, comments, posts, own] = await Promise.all([
    read('listConversationMessages').then((body) => messagesListResponse.parse(body).messages),
    read('listConversationComments').then((body) => commentsResponse.parse(body).comments),
    read('listConversationPosts').then((body) => postsResponse.parse(body).posts),
    deps.reader.ownAddresses(),
  ]);
  // A message the team sent is by a user; one from outside, by a contact.
  const fromTeam = ({ address, phone_number }: MessageField) =>
    (address != null && own.emails.includes(address.toLowerCase())) ||
    (phone_number != null && own.phones.includes(phone_number));
  const entry = (
    kind: UnifiedComment['kind'],
    at: number,
    fields: Pick<UnifiedComment, 'id' | 'body' | 'is_private' | 'author' | 'attachments'>,
  ) => ({ at, comment: { ...fields, ticket: { id: ticket }, kind, created_at: isoOf(at) } });
  const items = [
    ...messages.map((message) =>
      entry('message', message.delivered_at, {
        id: message.id,
        body: message.preview,
        is_private: false,
        author: {
          type: fromTeam(message.from_field) ? 'user' : 'contact',
          id: message.from_field.id ?? null,
          name: message.from_field.name ?? null,
          email: message.from_field.address ?? message.from_field.phone_number ?? null,
        },
        attachments: message.attachments.map((file) =>
          attachmentOf(file, ticket, message.id, message.delivered_at),
        ),
      }),
    ),
    ...comments.map((comment) =>
      entry('comment', comment.created_at, {
        id: comment.id,
        body: comment.body,
        is_private: true,
        author: { type: 'user', ...userRef(comment.author) },
        attachments: comment.attachment
          ? [attachmentOf(comment.attachment, ticket, comment.id, comment.created_at)]
          : [],
      }),
    ),
    ...posts.map((post) =>
      entry('post', post.created_at, {
        id: post.id,
        body: post.markdown ?? post.text ?? post.notification.body,
        is_private: true,
        author: { type: 'integration', id: null, name: post.username, email: null },
        attachments: [],
      }),
    ),
  ];
  // A full page may have more behind it: its oldest time bounds what can be ordered now.
  const fullPagesEndAt = [
    messages.length >= THREAD_PAGE ? messages.at(-1)?.delivered_at : undefined,
    comments.length >= THREAD_PAGE ? comments.at(-1)?.created_at : undefined,
    posts.length >= THREAD_PAGE ? posts.at(-1)?.created_at : undefined,
  ].filter((at): at is number => at !== undefined);
  return { items, fullPagesEndAt };
}

/**
 * A ticket's comments, newest first: its three lists merged. Only what is
 * no older than the oldest item of every full page can be placed for sure;
 * the rest comes on the next page, which reads each list again up to that
 * time (Missive's `until` excludes it, and pages never split a timestamp).
 */
async function commentsPage(
  deps: UnifiedDeps,
  ticket: string,
  cursor: { until: number } | undefined,
  caller: Caller,
  limit: number,
): Promise<{ comments: UnifiedComment[]; next: number | undefined }> {
  const { items, fullPagesEndAt } = await threadPages(deps, ticket, cursor?.until, caller);
  const until = cursor?.until ?? Number.POSITIVE_INFINITY;
  // Missive's `until` excludes the time it names; were it ever to include it,
  // what the last page ended on would come again, and a page of one
  // timestamp would never end: what is not older is dropped, and a boundary
  // that does not move ends the walk.
  const older = items.filter((item) => item.at < until);
  const reached = fullPagesEndAt.length ? Math.max(...fullPagesEndAt) : undefined;
  const boundary = reached !== undefined && reached < until ? reached : undefined;
  const placed = older
    .filter((item) => boundary === undefined || item.at >= boundary)
    .sort((a, b) => b.at - a.at || a.comment.id.localeCompare(b.comment.id));
  // Cut to the limit at the end of a timestamp's run: the next page starts
  // before that time, so a run is never split (the page may hold more).
  const last = placed[limit - 1];
  if (placed.length > limit && last) {
    const kept = placed.filter((item) => item.at >= last.at);
    return { comments: kept.map((item) => item.comment), next: last.at };
  }
  return { comments: placed.map((item) => item.comment), next: boundary };
}

const offsetCursor = z.object({ offset: z.number().int().min(0) });
const ticketCursor = z.object({ activityAt: z.number(), id: z.string() });
const timeCursor = z.object({ until: z.number().int().min(0) });

/** The directory's lists, paged by offset over what the mirror holds. */
function pageOf<T>(
  rows: readonly T[],
  query: { limit?: number | undefined; cursor?: string | undefined },
) {
  const offset = decodeCursor(query.cursor, offsetCursor)?.offset ?? 0;
  const limit = query.limit ?? DEFAULT_LIMIT;
  const more = offset + limit < rows.length;
  return {
    result: rows.slice(offset, offset + limit),
    next_cursor: more ? encodeCursor({ offset: offset + limit }) : null,
  };
}

/** A ticket's comments, a page of them, read as its timeline is. */
async function ticketComments(
  deps: UnifiedDeps,
  query: RouteInput<'listUnifiedComments'>['query'],
  req: Request,
) {
  const cursor = decodeCursor(query.cursor, timeCursor);
  const { comments, next } = await commentsPage(
    deps,
    query.ticket_id,
    cursor,
    callerOf(req),
    query.limit ?? DEFAULT_LIMIT,
  );
  return { comments, next_cursor: next === undefined ? null : encodeCursor({ until: next }) };
}

function userOf(user: User) {
  return {
    id: user.id,
    name: user.name,
    emails: [{ email: user.email, is_primary: true }],
    avatar: user.avatar_url,
  };
}

/** Mounted at `/api`: the paths are the table's, `/unified/ticketing/…`. */
export function createUnifiedRoute(deps: UnifiedDeps): Router {
  const router = express.Router();
  const { reader } = deps;

  mountRoute(router, 'listUnifiedTickets', async ({ query }) => {
    const after = decodeCursor(query.cursor, ticketCursor);
    const { page, next } = await reader.pageConversations({
      after,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return {
      result: page.map(({ record }) => ticketOf(record)),
      next_cursor: next ? encodeCursor(next) : null,
    };
  });

  mountRoute(router, 'getUnifiedTicket', async ({ params: { id } }) => {
    const mirrored = await reader.getConversation(id);
    if (!mirrored) {
      throw new HttpError(404, `No ticket "${id}" in the mirror: it may not have been synced yet`);
    }
    return { result: ticketOf(mirrored.record) };
  });

  // A ticket's comments, or their attachments: the same pages either way.
  mountRoute(router, 'listUnifiedComments', async ({ query }, req) => {
    const { comments, next_cursor } = await ticketComments(deps, query, req);
    return { result: comments, next_cursor };
  });
  // `limit` counts the comments the files come from, whose pages these are.
  mountRoute(router, 'listUnifiedAttachments', async ({ query }, req) => {
    const { comments, next_cursor } = await ticketComments(deps, query, req);
    return { result: comments.flatMap((comment) => comment.attachments), next_cursor };
  });

  // The directory's lists: the mirror's, mapped, paged by offset.
  mountRoute(router, 'listUnifiedTags', async ({ query }) =>
    pageOf(
      (await reader.listLabels()).map((label) => ({
        id: label.id,
        name: label.name_with_parent_names,
        color: label.color,
        parent: label.parent ? { id: label.parent } : null,
        workspace: { id: label.organization },
      })),
      query,
    ),
  );
  mountRoute(router, 'listUnifiedTeams', async ({ query }) =>
    pageOf(
      (await reader.listTeams()).map(({ id, name, organization }) => ({
        id,
        name,
        workspace: { id: organization },
      })),
      query,
    ),
  );
  mountRoute(router, 'listUnifiedUsers', async ({ query }) =>
    pageOf((await reader.listUsers()).map(userOf), query),
  );
  mountRoute(router, 'listUnifiedWorkspaces', async ({ query }) =>
    pageOf(
      (await reader.listOrganizations()).map(({ id, name }) => ({ id, name })),
      query,
    ),
  );

  mountRoute(router, 'getUnifiedMe', async (_input, req) => {
    const member = memberOf(req);
    const me = (await reader.listUsers()).find((user) => user.me);
    if (!me)
      throw new HttpError(
        503,
        'The mirror does not hold the users yet: try again once the first sync has run',
      );
    return { result: { ...userOf(me), gateway_person: { name: member.name, role: member.role } } };
  });

  return router;
}
