import { z } from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { endpoints, fillPath, type EndpointName } from '@crm/shared/missive/endpoints';
import { replyResult } from './results';
import { CREATE, OVERWRITE, READ, type Tool } from './tool';

/**
 * The unified-API vendor's Missive tools (shared/missive-api/truto-missive.md),
 * with exactly its names and meanings, each derived from one endpoint of the
 * shared table: its path, params, query and body schemas are the tool's
 * input, flattened into one object (params, query keys and the body's
 * top-level keys never collide, which a test checks). Calls go to the
 * gateway's proxy, so reads the mirror holds cost Missive nothing.
 */

/** How a list pages: by time (`until` = the oldest item's time) or by offset. */
type Paging =
  { by: 'time'; field: string; defaultLimit: number } | { by: 'offset'; defaultLimit: number };

interface MissiveTool {
  tool: string;
  endpoint: EndpointName;
  title: string;
  description: string;
  paging?: Paging;
  /** Tool argument → endpoint parameter, where the vendor's name differs (`id` for `ids`). */
  renames?: Readonly<Record<string, string>>;
  /** Where the endpoint's method alone would mislead (see `hintsFor`). */
  annotations?: ToolAnnotations;
}

const OFFSET: Paging = { by: 'offset', defaultLimit: 50 };
const byTime = (field: string, defaultLimit: number): Paging => ({
  by: 'time',
  field,
  defaultLimit,
});
const ID_LIST = { id: 'ids' } as const;
/** The vendor names a conversation's lists by `conversation_id`; Missive's path by `id`. */
const CONVERSATION_ID = { conversation_id: 'id' } as const;

const PAGED_BY_OFFSET =
  'Pages by offset: pass next_page from the result (limit, offset) to read on.';
const PAGED_BY_TIME =
  'Newest first; pass next_page from the result (until) to read older ones; a page may hold more than limit when items share a timestamp.';

export const missiveTools: readonly MissiveTool[] = [
  {
    tool: 'list_all_missive_users',
    endpoint: 'listUsers',
    title: 'List users',
    description: `Users of the organizations the token's owner belongs to: id, name, email; "me" marks the token's owner. Filter with organization. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'list_all_missive_teams',
    endpoint: 'listTeams',
    title: 'List teams',
    description: `Teams: id, name, organization. Filter with organization. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'list_all_missive_organizations',
    endpoint: 'listOrganizations',
    title: 'List organizations',
    description: `Organizations the token's owner belongs to: id, name. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'list_all_missive_conversations',
    endpoint: 'listConversations',
    title: 'List conversations',
    description: `Conversations of exactly one mailbox: set one of inbox, all, assigned, closed, snoozed, flagged, trashed, junked, drafts (to "true"), or shared_label, team_inbox, team_closed or team_all (to an id). Optionally narrow by email, domain or contact_organization. Each has id, subject, latest message subject, authors, counts, organization, team, last_activity_at and web/app URLs. Up to 50 a page (25 by default). ${PAGED_BY_TIME}`,
    paging: byTime('last_activity_at', 25),
  },
  {
    tool: 'get_single_missive_conversation_by_id',
    endpoint: 'getConversation',
    title: 'Get a conversation',
    description:
      'One conversation by id. A merged conversation’s old id answers with the conversation it was merged into.',
  },
  {
    tool: 'list_all_missive_conversation_messages',
    endpoint: 'listConversationMessages',
    title: 'List a conversation’s messages',
    description: `Messages of a conversation (conversation_id, required): subject, preview, from/to fields, delivered_at, attachments; no body (get_single_missive_message_by_id has it). At most 10 a page. ${PAGED_BY_TIME}`,
    paging: byTime('delivered_at', 10),
    renames: CONVERSATION_ID,
  },
  {
    tool: 'list_all_missive_conversation_comments',
    endpoint: 'listConversationComments',
    title: 'List a conversation’s comments',
    description: `Internal comments of a conversation (conversation_id, required): body, created_at, author, attachment, task. At most 10 a page. ${PAGED_BY_TIME}`,
    paging: byTime('created_at', 10),
    renames: CONVERSATION_ID,
  },
  {
    tool: 'list_all_missive_shared_labels',
    endpoint: 'listSharedLabels',
    title: 'List shared labels',
    description: `Shared labels with their full path (name_with_parent_names), colour, parent and organization. Filter with organization. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'create_a_missive_shared_label',
    endpoint: 'createSharedLabels',
    title: 'Create shared labels',
    description:
      'Creates shared labels: shared_labels is a list of {name, organization, color?, parent?, share_with_organization?, share_with_team?, share_with_users?, visibility?}. Answers the labels created.',
  },
  {
    tool: 'update_a_missive_shared_label_by_id',
    endpoint: 'updateSharedLabels',
    title: 'Update shared labels',
    description:
      'Renames, recolours, moves or reshares labels: id is one label id or several separated by commas; shared_labels lists each change with its id.',
    renames: ID_LIST,
  },
  {
    tool: 'list_all_missive_contacts',
    endpoint: 'listContacts',
    title: 'List contacts of a contact book',
    description: `Contacts of one contact book (contact_book is required; list_all_missive_contact_books names them): id, names, starred, infos (emails, phones, addresses…), memberships, modified_at. search filters by text, modified_since by change time (include_deleted needs it). Up to 200 a page. To search every book at once, use search_contacts. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'get_single_missive_contact_by_id',
    endpoint: 'getContact',
    title: 'Get a contact',
    description: 'One contact by id; a deleted contact answers 404.',
  },
  {
    tool: 'create_a_missive_contact',
    endpoint: 'createContacts',
    title: 'Create contacts',
    description:
      'Creates contacts: contacts is a list of {contact_book (required), first_name?, last_name?, starred?, infos?, memberships?, …}. Answers the contacts created.',
  },
  {
    tool: 'update_a_missive_contact_by_id',
    endpoint: 'updateContacts',
    title: 'Update contacts (replacing lists)',
    description:
      'Missive’s own update: id is one contact id or several separated by commas; contacts lists each change with its id. infos and memberships, when given, REPLACE the whole list: anything left out is deleted. To change a few fields safely, use edit_contact instead.',
    renames: ID_LIST,
  },
  {
    tool: 'list_all_missive_contact_books',
    endpoint: 'listContactBooks',
    title: 'List contact books',
    description: `Contact books the token's owner can see, private or shared. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'list_all_missive_contact_groups',
    endpoint: 'listContactGroups',
    title: 'List contact groups',
    description: `Groups or organizations of one contact book: contact_book and kind ("group" or "organization") are required. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'create_a_missive_draft',
    endpoint: 'createDraft',
    title: 'Create a draft (or send it)',
    description:
      'Creates a draft: drafts is {body, subject?, to_fields?, from_field?, conversation? (to reply in a thread), references?, attachments?, …}. It stays a draft for a person to review unless send is true (sent at once, irreversibly) or send_at is set (scheduled). Answers the draft.',
    // `send: true` sends an email that cannot be taken back.
    annotations: { ...CREATE, destructiveHint: true },
  },
  {
    tool: 'delete_a_missive_draft_by_id',
    endpoint: 'deleteDraft',
    title: 'Delete a draft',
    description: 'Deletes a draft by id (a scheduled one is cancelled).',
  },
  {
    tool: 'list_all_missive_messages',
    endpoint: 'findMessagesByEmailId',
    title: 'Find messages by Message-ID',
    description:
      'Messages carrying an email Message-ID header (email_message_id, required), latest first, at most 10, with headers, body and attachments.',
  },
  {
    tool: 'get_single_missive_message_by_id',
    endpoint: 'getMessages',
    title: 'Get a message',
    description:
      'One message by id (or up to 10, separated by commas) with its body, from/to fields, attachments and conversation (organization, team, assignees).',
    renames: ID_LIST,
  },
  {
    tool: 'create_a_missive_message',
    endpoint: 'createMessage',
    title: 'Create an incoming message',
    description:
      'Creates an incoming message in a custom channel: messages is {account (required: the channel’s id), from_field, to_fields, body, subject?, conversation? or references?, attachments?, …}. Answers the message.',
  },
  {
    tool: 'list_all_missive_responses',
    endpoint: 'listResponses',
    title: 'List canned responses',
    description: `Canned responses: id, title, subject, body, recipients, labels, attachments. Filter with organization. ${PAGED_BY_OFFSET}`,
    paging: OFFSET,
  },
  {
    tool: 'get_single_missive_response_by_id',
    endpoint: 'getResponse',
    title: 'Get a canned response',
    description:
      'One canned response by id: title, subject, body, recipients, labels, attachments.',
  },
  {
    tool: 'create_a_missive_post',
    endpoint: 'createPost',
    title: 'Post into a conversation',
    description:
      'Adds an internal post (customers never see it): posts is {notification: {title, body} (required), text or markdown, conversation? or references? (else a new conversation), username?, color?, attachments?, add_shared_labels?, …}. A post reopens the conversation unless reopen is false. Answers the post id and its conversation.',
  },
  {
    tool: 'delete_a_missive_post_by_id',
    endpoint: 'deletePost',
    title: 'Delete a post',
    description:
      'Deletes a post by id. In a shared conversation only organization owners and admins may.',
  },
  {
    tool: 'create_a_missive_task',
    endpoint: 'createTask',
    title: 'Create a task',
    description:
      'Creates a task: tasks is {title (required), description?, state?, due_at?, …} and either subtask: true with conversation (or references), a task inside that conversation, or organization with team or assignees, a standalone task. Answers the task.',
  },
  {
    tool: 'update_a_missive_task_by_id',
    endpoint: 'updateTask',
    title: 'Update a task',
    description:
      'Changes a task by id: tasks holds the fields to change (title, description, state, assignees, team, due_at).',
  },
  {
    tool: 'create_a_missive_webhook',
    endpoint: 'createHook',
    title: 'Create a webhook',
    description:
      'Subscribes a URL to events: hooks is {type (e.g. new_comment, incoming_email, label_change), url, …}. Admins only. Answers the webhook id.',
  },
  {
    tool: 'delete_a_missive_webhook_by_id',
    endpoint: 'deleteHook',
    title: 'Delete a webhook',
    description: 'Removes a webhook (the rule holding it) by id. Admins only.',
  },
  {
    tool: 'create_a_missive_analytics_report',
    endpoint: 'createAnalyticsReport',
    title: 'Start an analytics report',
    description:
      'Starts a report: reports is {organization, start, end (Unix seconds), time_zone?, teams?, users?, …}. Answers the report id: fetch it a few seconds later with get_single_missive_analytics_report_by_id.',
  },
  {
    tool: 'get_single_missive_analytics_report_by_id',
    endpoint: 'getAnalyticsReport',
    title: 'Get an analytics report',
    description:
      'A report by id. 404 until it is complete, and again 60 s after: start another then.',
  },
];

/** Read, create, or overwrite/remove, as the endpoint's method says. */
function hintsFor({ endpoint, annotations }: MissiveTool): ToolAnnotations {
  if (annotations) return annotations;
  const { method } = endpoints[endpoint];
  return method === 'GET' ? READ : method === 'POST' ? CREATE : OVERWRITE;
}

/** A validated argument as it goes in a path or a query string (lists comma-separated). */
function wireValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(wireValue).join(',');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The endpoint's params, query and body as one object, under the tool's own names. */
export function inputOf({ endpoint, renames = {} }: MissiveTool): z.ZodObject {
  const { params, query, body } = endpoints[endpoint];
  const toTool = Object.fromEntries(Object.entries(renames).map(([tool, own]) => [own, tool]));
  const paramShape = Object.fromEntries(
    Object.entries(params.shape).map(([key, schema]) => [toTool[key] ?? key, schema]),
  );
  // A query string holds text, but agents (and the MCP Inspector) send
  // `limit: 10` and `all: true` as JSON numbers and booleans: taken as well,
  // then sent as text, which the gateway's own schema checks precisely.
  const queryShape = Object.fromEntries(
    Object.entries(query.shape).map(([key, schema]: [string, z.ZodType]) => {
      const either = z.union([schema, z.number(), z.boolean()]);
      return [key, schema.safeParse(undefined).success ? either.optional() : either];
    }),
  );
  return z.strictObject({ ...paramShape, ...queryShape, ...(body ? body.shape : {}) });
}

/**
 * What to pass to read the next page, or undefined on the last one. A page
 * shorter than asked is the last; a full one may not be, which costs one
 * empty read at most.
 */
function nextPage(
  paging: Paging,
  body: unknown,
  args: Record<string, unknown>,
): Record<string, string> | undefined {
  const items =
    typeof body === 'object' && body !== null
      ? Object.values(body).find((value): value is unknown[] => Array.isArray(value))
      : undefined;
  const limit = Number(args.limit ?? paging.defaultLimit);
  if (!items || items.length === 0 || items.length < limit) return undefined;
  if (paging.by === 'offset') {
    return { limit: String(limit), offset: String(Number(args.offset ?? 0) + items.length) };
  }
  const last = z.looseObject({ [paging.field]: z.number() }).safeParse(items.at(-1));
  const time = last.success ? last.data[paging.field] : undefined;
  // Missive's `until` excludes the time it names; were it ever to include it,
  // a page of one timestamp would name itself again: stop rather than loop.
  if (typeof time !== 'number' || (args.until !== undefined && time >= Number(args.until)))
    return undefined;
  return { limit: String(limit), until: String(time) };
}

export function missiveTool(spec: MissiveTool): Tool {
  const endpoint = endpoints[spec.endpoint];
  const input = inputOf(spec);
  const paramKeys = Object.keys(endpoint.params.shape);
  const queryKeys = Object.keys(endpoint.query.shape);
  const renames = spec.renames ?? {};
  return {
    name: spec.tool,
    title: spec.title,
    description: spec.description,
    input,
    annotations: hintsFor(spec),
    run: async (args, { api, signal }) => {
      const params: Record<string, string> = {};
      const query: Record<string, string> = {};
      const body: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(args)) {
        if (value === undefined) continue;
        const own = renames[key] ?? key;
        if (paramKeys.includes(own)) params[own] = wireValue(value);
        else if (queryKeys.includes(own)) query[own] = wireValue(value);
        else body[own] = value;
      }
      const reply = await api.request(
        endpoint.method,
        `/api/missive/v1${fillPath(endpoint.path, params)}`,
        { query, signal, ...(endpoint.body ? { body } : {}) },
      );
      const { paging } = spec;
      return replyResult(reply, (result) => {
        const next = paging && nextPage(paging, result, args);
        return next ? { result, next_page: next } : { result };
      });
    },
  };
}
