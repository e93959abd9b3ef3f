import { z } from 'zod';
import { reportCreateBody, reportCreatedResponse, reportResponse } from './analytics';
import { emptyParams, emptyQuery, idSchema, idListParam } from './common';
import {
  contactBooksResponse,
  contactCreateBody,
  contactGroupListQuery,
  contactGroupsResponse,
  contactListQuery,
  contactListResponse,
  contactsResponse,
  contactUpdateBody,
  contactUpdateParams,
  missiveContactWrites,
} from './contacts';
import {
  commentsResponse,
  conversationListQuery,
  conversationMergeBody,
  conversationPageQuery,
  conversationsResponse,
  conversationUpdateBody,
  conversationUpdateParams,
} from './conversations';
import { deletedDraftResponse, draftCreateBody, draftResponse, draftsResponse } from './drafts';
import { hookCreateBody, hookResponse } from './hooks';
import { sharedLabelCreateBody, sharedLabelsResponse, sharedLabelUpdateBody } from './labels';
import {
  messageByEmailIdQuery,
  messageCreateBody,
  messageResponse,
  messagesGetResponse,
  messagesListResponse,
} from './messages';
import {
  organizationScopedListQuery,
  organizationsResponse,
  pagedListQuery,
  teamCreateBody,
  teamsResponse,
  teamUpdateBody,
  usersResponse,
} from './people';
import {
  deletedPostResponse,
  missivePostWrites,
  postCreateBody,
  postResponse,
  postsResponse,
} from './posts';
import {
  cannedResponseGetResponse,
  cannedResponsesResponse,
  responseCreateBody,
  responseUpdateBody,
} from './responses';
import {
  taskCreateBody,
  taskListQuery,
  taskResponse,
  tasksResponse,
  taskUpdateBody,
} from './tasks';

/**
 * Every Missive endpoint the product uses, declared once as data. The
 * gateway's allowlist and validation, the client's typed calls and the
 * emulator's routes all derive from this table: an endpoint that is not here
 * does not exist for them.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The resources a cache entry belongs to and a write invalidates. */
export const resources = [
  'analytics',
  'contact_books',
  'contact_groups',
  'contacts',
  'conversations',
  'comments',
  'drafts',
  'hooks',
  'messages',
  'organizations',
  'posts',
  'responses',
  'shared_labels',
  'tasks',
  'teams',
  'users',
] as const;
export type Resource = (typeof resources)[number];

/**
 * interactive: what a person is waiting for. background: polling and sync,
 * which the gateway lets use only a share of the budget.
 */
export type Priority = 'interactive' | 'background';

export interface EndpointDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType | null = z.ZodType | null,
  R extends z.ZodType | null = z.ZodType | null,
> {
  method: HttpMethod;
  /** Express-style template relative to the API base, e.g. `/contacts/:ids`. */
  path: string;
  summary: string;
  params: P;
  query: Q;
  body: B;
  /** null: the success answer has no body. */
  response: R;
  /** A read whose answer may be served from a short-lived cache. */
  cacheable: boolean;
  priority: Priority;
  resource: Resource;
  /** What a successful call changes, so cached reads of it are dropped. */
  invalidates: readonly Resource[];
}

function read<P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType>(
  def: Pick<
    EndpointDef<P, Q, null, R>,
    'path' | 'summary' | 'params' | 'query' | 'response' | 'resource'
  > & {
    priority?: Priority;
    cacheable?: boolean;
  },
): EndpointDef<P, Q, null, R> {
  return {
    method: 'GET',
    body: null,
    cacheable: true,
    priority: 'interactive',
    invalidates: [],
    ...def,
  };
}

function write<P extends z.ZodType, B extends z.ZodType | null, R extends z.ZodType | null>(
  def: Pick<
    EndpointDef<P, typeof emptyQuery, B, R>,
    'method' | 'path' | 'summary' | 'params' | 'body' | 'response' | 'resource' | 'invalidates'
  >,
): EndpointDef<P, typeof emptyQuery, B, R> {
  return { query: emptyQuery, cacheable: false, priority: 'interactive', ...def };
}

const idParam = z.object({ id: idSchema });

export const endpoints = {
  createAnalyticsReport: write({
    method: 'POST',
    path: '/analytics/reports',
    summary: 'Start an analytics report; fetch it a few seconds later',
    params: emptyParams,
    body: reportCreateBody,
    response: reportCreatedResponse,
    resource: 'analytics',
    invalidates: [],
  }),
  getAnalyticsReport: read({
    path: '/analytics/reports/:id',
    summary: 'An analytics report: 404 until complete and again 60 s after',
    params: idParam,
    query: emptyQuery,
    response: reportResponse,
    resource: 'analytics',
    cacheable: false,
    priority: 'background',
  }),

  createContacts: write({
    method: 'POST',
    path: '/contacts',
    summary: 'Create contacts in a contact book',
    params: emptyParams,
    body: contactCreateBody,
    response: contactsResponse,
    resource: 'contacts',
    invalidates: ['contacts', 'contact_groups'],
  }),
  updateContacts: write({
    method: 'PATCH',
    path: '/contacts/:ids',
    summary: 'Update contacts; infos and memberships, when passed, replace the whole list',
    params: contactUpdateParams,
    body: contactUpdateBody,
    response: contactsResponse,
    resource: 'contacts',
    invalidates: ['contacts', 'contact_groups'],
  }),
  listContacts: read({
    path: '/contacts',
    summary: 'List or search the contacts of one contact book',
    params: emptyParams,
    query: contactListQuery,
    response: contactListResponse,
    resource: 'contacts',
  }),
  getContact: read({
    path: '/contacts/:id',
    summary: 'One contact; 404 once deleted',
    params: idParam,
    query: emptyQuery,
    response: contactsResponse,
    resource: 'contacts',
  }),
  listContactBooks: read({
    path: '/contact_books',
    summary: 'Contact books the token owner can see',
    params: emptyParams,
    query: pagedListQuery,
    response: contactBooksResponse,
    resource: 'contact_books',
  }),
  listContactGroups: read({
    path: '/contact_groups',
    summary: 'Groups or organizations of a contact book',
    params: emptyParams,
    query: contactGroupListQuery,
    response: contactGroupsResponse,
    resource: 'contact_groups',
  }),

  listConversations: read({
    path: '/conversations',
    summary: 'Conversations of one mailbox, newest activity first, paged with until',
    params: emptyParams,
    query: conversationListQuery,
    response: conversationsResponse,
    resource: 'conversations',
  }),
  getConversation: read({
    path: '/conversations/:id',
    summary: 'One conversation (a merged id answers with the surviving conversation)',
    params: idParam,
    query: emptyQuery,
    response: conversationsResponse,
    resource: 'conversations',
  }),
  updateConversations: write({
    method: 'PATCH',
    path: '/conversations/:ids',
    summary: 'Label, assign, move, close or reopen conversations without posting',
    params: conversationUpdateParams,
    body: conversationUpdateBody,
    response: conversationsResponse,
    resource: 'conversations',
    invalidates: ['conversations', 'tasks'],
  }),
  mergeConversations: write({
    method: 'POST',
    path: '/conversations/:id/merge',
    summary: 'Merge a conversation into a target, irreversibly',
    params: idParam,
    body: conversationMergeBody,
    response: conversationsResponse,
    resource: 'conversations',
    invalidates: ['conversations', 'messages', 'comments', 'drafts', 'posts', 'tasks'],
  }),
  listConversationMessages: read({
    path: '/conversations/:id/messages',
    summary: 'Messages of a conversation, newest first, 10 a page, paged with until = delivered_at',
    params: idParam,
    query: conversationPageQuery,
    response: messagesListResponse,
    resource: 'messages',
  }),
  listConversationComments: read({
    path: '/conversations/:id/comments',
    summary: 'Comments of a conversation, newest first, paged with until = created_at',
    params: idParam,
    query: conversationPageQuery,
    response: commentsResponse,
    resource: 'comments',
  }),
  listConversationDrafts: read({
    path: '/conversations/:id/drafts',
    summary: 'Drafts of a conversation, newest first, paged with until = created_at',
    params: idParam,
    query: conversationPageQuery,
    response: draftsResponse,
    resource: 'drafts',
  }),
  listConversationPosts: read({
    path: '/conversations/:id/posts',
    summary: 'Posts of a conversation, newest first, paged with until = created_at',
    params: idParam,
    query: conversationPageQuery,
    response: postsResponse,
    resource: 'posts',
  }),

  createDraft: write({
    method: 'POST',
    path: '/drafts',
    summary: 'Create a draft, send it now (send) or schedule it (send_at)',
    params: emptyParams,
    body: draftCreateBody,
    response: draftResponse,
    resource: 'drafts',
    invalidates: ['drafts', 'messages', 'conversations'],
  }),
  deleteDraft: write({
    method: 'DELETE',
    path: '/drafts/:id',
    summary: 'Delete a draft',
    params: idParam,
    body: null,
    response: deletedDraftResponse,
    resource: 'drafts',
    invalidates: ['drafts', 'conversations'],
  }),

  createMessage: write({
    method: 'POST',
    path: '/messages',
    summary: 'Create an incoming message in a custom channel',
    params: emptyParams,
    body: messageCreateBody,
    response: messageResponse,
    resource: 'messages',
    invalidates: ['messages', 'conversations'],
  }),
  getMessages: read({
    path: '/messages/:ids',
    summary: 'One message with body and conversation, or up to 10 at once',
    params: z.object({ ids: idListParam(10) }),
    query: emptyQuery,
    response: messagesGetResponse,
    resource: 'messages',
  }),
  findMessagesByEmailId: read({
    path: '/messages',
    summary: 'Messages carrying an email Message-ID, latest first, at most 10',
    params: emptyParams,
    query: messageByEmailIdQuery,
    response: messagesListResponse,
    resource: 'messages',
  }),

  listOrganizations: read({
    path: '/organizations',
    summary: 'Organizations the token owner belongs to',
    params: emptyParams,
    query: pagedListQuery,
    response: organizationsResponse,
    resource: 'organizations',
  }),

  createPost: write({
    method: 'POST',
    path: '/posts',
    summary: 'Post into a conversation (reopens it unless reopen: false)',
    params: emptyParams,
    body: postCreateBody,
    response: postResponse,
    resource: 'posts',
    invalidates: ['posts', 'conversations'],
  }),
  deletePost: write({
    method: 'DELETE',
    path: '/posts/:id',
    summary: 'Delete a post',
    params: idParam,
    body: null,
    response: deletedPostResponse,
    resource: 'posts',
    invalidates: ['posts', 'conversations'],
  }),

  listResponses: read({
    path: '/responses',
    summary: 'Canned responses',
    params: emptyParams,
    query: organizationScopedListQuery,
    response: cannedResponsesResponse,
    resource: 'responses',
  }),
  getResponse: read({
    path: '/responses/:id',
    summary: 'One canned response',
    params: idParam,
    query: emptyQuery,
    response: cannedResponseGetResponse,
    resource: 'responses',
  }),
  createResponses: write({
    method: 'POST',
    path: '/responses',
    summary: 'Create canned responses',
    params: emptyParams,
    body: responseCreateBody,
    response: cannedResponsesResponse,
    resource: 'responses',
    invalidates: ['responses'],
  }),
  updateResponses: write({
    method: 'PATCH',
    path: '/responses/:ids',
    summary: 'Update canned responses',
    params: z.object({ ids: idListParam(50) }),
    body: responseUpdateBody,
    response: cannedResponsesResponse,
    resource: 'responses',
    invalidates: ['responses'],
  }),

  listSharedLabels: read({
    path: '/shared_labels',
    summary: 'Shared labels with their full parent path',
    params: emptyParams,
    query: organizationScopedListQuery,
    response: sharedLabelsResponse,
    resource: 'shared_labels',
  }),
  createSharedLabels: write({
    method: 'POST',
    path: '/shared_labels',
    summary: 'Create shared labels, optionally under a parent',
    params: emptyParams,
    body: sharedLabelCreateBody,
    response: sharedLabelsResponse,
    resource: 'shared_labels',
    invalidates: ['shared_labels'],
  }),
  updateSharedLabels: write({
    method: 'PATCH',
    path: '/shared_labels/:ids',
    summary: 'Rename, recolour, move or reshare shared labels',
    params: z.object({ ids: idListParam(50) }),
    body: sharedLabelUpdateBody,
    response: sharedLabelsResponse,
    resource: 'shared_labels',
    invalidates: ['shared_labels', 'conversations'],
  }),

  listTeams: read({
    path: '/teams',
    summary: 'Teams',
    params: emptyParams,
    query: organizationScopedListQuery,
    response: teamsResponse,
    resource: 'teams',
  }),
  createTeams: write({
    method: 'POST',
    path: '/teams',
    summary: 'Create teams (admins only)',
    params: emptyParams,
    body: teamCreateBody,
    response: teamsResponse,
    resource: 'teams',
    invalidates: ['teams'],
  }),
  updateTeams: write({
    method: 'PATCH',
    path: '/teams/:ids',
    summary: 'Rename teams (admins only)',
    params: z.object({ ids: idListParam(50) }),
    body: teamUpdateBody,
    response: teamsResponse,
    resource: 'teams',
    invalidates: ['teams', 'conversations'],
  }),

  listUsers: read({
    path: '/users',
    summary: 'Users of the organizations; me is the token owner',
    params: emptyParams,
    query: organizationScopedListQuery,
    response: usersResponse,
    resource: 'users',
  }),

  createTask: write({
    method: 'POST',
    path: '/tasks',
    summary: 'Create a standalone task or a subtask of a conversation',
    params: emptyParams,
    body: taskCreateBody,
    response: taskResponse,
    resource: 'tasks',
    invalidates: ['tasks', 'conversations'],
  }),
  updateTask: write({
    method: 'PATCH',
    path: '/tasks/:id',
    summary: 'Change a task',
    params: idParam,
    body: taskUpdateBody,
    response: taskResponse,
    resource: 'tasks',
    invalidates: ['tasks', 'conversations'],
  }),
  listTasks: read({
    path: '/tasks',
    summary: 'Tasks by state, type, team, assignee, conversation and due date',
    params: emptyParams,
    query: taskListQuery,
    response: tasksResponse,
    resource: 'tasks',
  }),
  getTask: read({
    path: '/tasks/:id',
    summary: 'One task',
    params: idParam,
    query: emptyQuery,
    response: taskResponse,
    resource: 'tasks',
  }),

  createHook: write({
    method: 'POST',
    path: '/hooks',
    summary: 'Create a webhook rule',
    params: emptyParams,
    body: hookCreateBody,
    response: hookResponse,
    resource: 'hooks',
    invalidates: [],
  }),
  deleteHook: write({
    method: 'DELETE',
    path: '/hooks/:id',
    summary: 'Remove a webhook rule',
    params: idParam,
    body: null,
    response: null,
    resource: 'hooks',
    invalidates: [],
  }),
} as const satisfies Record<string, EndpointDef>;

export type EndpointName = keyof typeof endpoints;

/**
 * The same endpoints with Missive's own input rules where this product is
 * stricter than Missive: the URLs it writes must have a link scheme (see
 * `linkUrlSchema`), Missive takes any. The emulator answers by this table,
 * as Missive would; the gateway, the client and any tool use `endpoints`.
 */
export const missiveEndpoints: typeof endpoints = {
  ...endpoints,
  createContacts: { ...endpoints.createContacts, body: missiveContactWrites.createBody },
  updateContacts: { ...endpoints.updateContacts, body: missiveContactWrites.updateBody },
  createPost: { ...endpoints.createPost, body: missivePostWrites.createBody },
};

export type Endpoint<N extends EndpointName> = (typeof endpoints)[N];
export type EndpointParams<N extends EndpointName> = z.input<Endpoint<N>['params']>;
export type EndpointQuery<N extends EndpointName> = z.input<Endpoint<N>['query']>;
export type EndpointBody<N extends EndpointName> = Endpoint<N>['body'] extends z.ZodType
  ? z.input<Endpoint<N>['body']>
  : undefined;
export type EndpointResponse<N extends EndpointName> = Endpoint<N>['response'] extends z.ZodType
  ? z.output<Endpoint<N>['response']>
  : null;

export const endpointNames = Object.keys(endpoints) as EndpointName[];

/**
 * Builds the path of a call from its template. Each parameter is encoded as
 * one path segment, so a `/` in an id cannot escape it; `.` and `..` are
 * refused, since URL resolution walks them even encoded. Commas are kept
 * because they separate ids in Missive's batch paths.
 */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new Error(`path parameter "${name}" is missing`);
    return value
      .split(',')
      .map((part) => {
        if (part === '.' || part === '..')
          throw new Error(`path parameter "${name}" cannot be "${part}"`);
        return encodeURIComponent(part);
      })
      .join(',');
  });
}
