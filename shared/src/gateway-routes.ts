import { z } from 'zod';
import { auditListQuery, auditListResponse, auditUndoResponse } from './audit';
import { contactEditRequestSchema, contactEditResponseSchema } from './contact-edits';
import {
  contactSearchQuerySchema,
  contactSearchResponseSchema,
  contextRequestSchema,
  conversationContextSchema,
} from './context';
import { fetchConversationsBody, fetchConversationsResponse } from './emulator-control';
import { healthSchema } from './health';
import {
  deliveryListQuery,
  deliveryListResponse,
  deliveryResponse,
  integrationListResponse,
  integrationResponse,
  integrationUpdateBody,
  providerNameSchema,
} from './integrations';
import { limitsReportSchema } from './limits';
import { emptyParams, idSchema } from './missive/common';
import type { HttpMethod, Resource } from './missive/endpoints';
import {
  accessKeyListResponse,
  accessKeyViewSchema,
  createAccessKeyBody,
  createAccessKeyResponse,
  meResponseSchema,
  sessionRequestSchema,
  sessionResponseSchema,
} from './people';
import { syncReportSchema } from './sync';
import {
  ticketScopedQuery,
  unifiedAttachmentSchema,
  unifiedCommentSchema,
  unifiedListQuery,
  unifiedListSchema,
  unifiedMeSchema,
  unifiedTagSchema,
  unifiedTeamSchema,
  unifiedTicketSchema,
  unifiedUserSchema,
  unifiedWorkspaceSchema,
} from './unified';
import { webhookEventListQuery, webhookEventListResponse } from './webhook-events';

/**
 * The gateway's own JSON routes under `/api`, declared once as data, as
 * `missive/endpoints.ts` declares Missive's: the server mounts and validates
 * each route from its entry, the client calls it and caches its answer by
 * its name, and what a write or a live event refreshes is read from
 * `reads` / `invalidates`.
 *
 * Not here, because they are not request/answer JSON the app calls: the
 * event stream (`GET /api/events`, an EventSource), the signed receivers
 * (`/webhooks/missive`, `POST /integrations/:provider`), the MCP endpoint,
 * and the Missive proxy itself (`/api/missive/v1`, the first table).
 */

/** What the gateway keeps of its own, beside the Missive resources it mirrors. */
export const gatewayResources = [
  'access_keys',
  'audit',
  'context',
  'integration_deliveries',
  'integrations',
  'limits',
  'session',
  'sync',
  'webhook_events',
] as const;
export type GatewayResource = (typeof gatewayResources)[number];

/** Anything a cached answer can be made of: Missive's resources and the gateway's own. */
export type AnyResource = Resource | GatewayResource;

/**
 * Who may call a route. public: no credential (health, signing in). agent:
 * any signed-in person. admin: admins only; an agent is answered 403.
 */
export type RouteAccess = 'public' | 'agent' | 'admin';

export type RouteMethod = HttpMethod | 'PUT';

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType | null = z.ZodType | null,
  R extends z.ZodType = z.ZodType,
  A extends RouteAccess = RouteAccess,
> {
  method: RouteMethod;
  /** Express-style template relative to `/api`, e.g. `/audit/:id/undo`. */
  path: string;
  summary: string;
  params: P;
  query: Q;
  body: B;
  response: R;
  /** The success status: 201 for what creates, else 200. */
  status: 200 | 201;
  /** Kept literal in the table's type, so the server can require an admin route's refusal. */
  access: A;
  /** What the answer is made of: a write or live event that touches one makes it stale. */
  reads: readonly AnyResource[];
  /** What a successful call changes. */
  invalidates: readonly AnyResource[];
}

/**
 * A route that reads no query ignores one, as these routes always have (a
 * monitor's cache-buster on /health must not fail it). Missive's table is
 * stricter (`emptyQuery`): there an unknown key is a typo worth a 400.
 */
const ignoredQuery = z.object({});

/**
 * A is inferred from `access` when given and is 'agent' when not, so the
 * default below is always of type A; TypeScript cannot see that.
 */
const AGENT = 'agent';

function get<
  P extends z.ZodType,
  Q extends z.ZodType,
  R extends z.ZodType,
  A extends RouteAccess = typeof AGENT,
>(
  def: Pick<RouteDef<P, Q, null, R>, 'path' | 'summary' | 'params' | 'query' | 'response'> &
    Partial<Pick<RouteDef<P, Q, null, R, A>, 'access' | 'reads'>>,
): RouteDef<P, Q, null, R, A> {
  return {
    method: 'GET',
    body: null,
    status: 200,
    reads: [],
    invalidates: [],
    ...def,
    access: def.access ?? (AGENT as A),
  };
}

function change<
  P extends z.ZodType,
  B extends z.ZodType | null,
  R extends z.ZodType,
  A extends RouteAccess = typeof AGENT,
>(
  def: Pick<
    RouteDef<P, typeof ignoredQuery, B, R>,
    'method' | 'path' | 'summary' | 'params' | 'body' | 'response' | 'invalidates'
  > &
    Partial<Pick<RouteDef<P, typeof ignoredQuery, B, R, A>, 'access' | 'status' | 'reads'>>,
): RouteDef<P, typeof ignoredQuery, B, R, A> {
  return {
    query: ignoredQuery,
    status: 200,
    reads: [],
    ...def,
    access: def.access ?? (AGENT as A),
  };
}

const idParam = z.strictObject({ id: idSchema });
/**
 * An access key's or an audit entry's id: whatever it looks like, one that
 * names nothing is a 404 (the handler looks it up), not a 400.
 */
const anyIdParam = z.strictObject({ id: z.string() });
/** A delivery is the store's row number: a positive whole number. */
const deliveryIdParam = z.strictObject({
  id: z
    .string()
    .refine(
      (id) => {
        const row = Number(id);
        return Number.isSafeInteger(row) && row >= 1;
      },
      { error: (issue) => `${JSON.stringify(issue.input)} is not a delivery id` },
    )
    .transform(Number),
});
const providerParam = z.strictObject({ provider: providerNameSchema });

/**
 * A context is built from the conversation, its people's contacts and other
 * conversations, its labels and tasks: a change to any of them may show.
 */
const CONTEXT_READS = [
  'context',
  'conversations',
  'contacts',
  'shared_labels',
  'tasks',
  'users',
  'teams',
] as const satisfies readonly AnyResource[];

/** A unified ticket is a conversation with its assignees, labels, team and organization named. */
const TICKET_READS = [
  'conversations',
  'users',
  'shared_labels',
  'teams',
  'organizations',
] as const satisfies readonly AnyResource[];

export const gatewayRoutes = {
  getHealth: get({
    path: '/health',
    summary: "The gateway's and Missive's state, for probes and the header's badge",
    params: emptyParams,
    query: ignoredQuery,
    response: healthSchema,
    access: 'public',
    // Polled on its own: a live event must not send it, since it may probe Missive.
    reads: [],
  }),
  createSession: change({
    method: 'POST',
    path: '/session',
    summary: 'Trade an access key for a short-lived session token',
    params: emptyParams,
    body: sessionRequestSchema,
    response: sessionResponseSchema,
    status: 201,
    access: 'public',
    invalidates: ['session'],
  }),
  renewSession: change({
    method: 'POST',
    path: '/session/renew',
    summary: 'A fresh token for the session in use, before it expires',
    params: emptyParams,
    body: null,
    response: sessionResponseSchema,
    status: 201,
    invalidates: ['session'],
  }),
  getMe: get({
    path: '/me',
    summary: 'Who the credential in use speaks for',
    params: emptyParams,
    query: ignoredQuery,
    response: meResponseSchema,
    reads: ['session'],
  }),

  listAccessKeys: get({
    path: '/keys',
    summary: "The team's access keys, revoked ones included",
    params: emptyParams,
    query: ignoredQuery,
    response: accessKeyListResponse,
    access: 'admin',
    reads: ['access_keys'],
  }),
  createAccessKey: change({
    method: 'POST',
    path: '/keys',
    summary: 'A key for a person; the key is shown once, in this answer',
    params: emptyParams,
    body: createAccessKeyBody,
    response: createAccessKeyResponse,
    status: 201,
    access: 'admin',
    invalidates: ['access_keys'],
  }),
  revokeAccessKey: change({
    method: 'DELETE',
    path: '/keys/:id',
    summary: 'Revoke a key: its sessions end with it',
    params: anyIdParam,
    body: null,
    response: z.object({ accessKey: accessKeyViewSchema }),
    access: 'admin',
    invalidates: ['access_keys'],
  }),

  getLimits: get({
    path: '/limits',
    summary: "The rate budget's windows, queue and pauses",
    params: emptyParams,
    query: ignoredQuery,
    response: limitsReportSchema,
    reads: ['limits'],
  }),
  getSyncReport: get({
    path: '/sync',
    summary: "How far the mirror's sync is, object by object",
    params: emptyParams,
    query: ignoredQuery,
    response: syncReportSchema,
    reads: ['sync'],
  }),

  getContext: get({
    path: '/context/:id',
    summary: "The sidebar's whole context for a conversation, from the mirror",
    params: idParam,
    query: ignoredQuery,
    response: conversationContextSchema,
    reads: CONTEXT_READS,
  }),
  /** A read that carries what the host window already knows, so POST; it changes nothing. */
  readContextWithHost: change({
    method: 'POST',
    path: '/context/:id',
    summary: 'The same context, given what Missive\u2019s window already handed the sidebar',
    params: idParam,
    body: contextRequestSchema,
    response: conversationContextSchema,
    reads: CONTEXT_READS,
    invalidates: [],
  }),
  searchContacts: get({
    path: '/contacts/search',
    summary: 'Contacts of every book matching a text, best first, from the mirror',
    params: emptyParams,
    query: contactSearchQuerySchema,
    response: contactSearchResponseSchema,
    reads: ['contacts'],
  }),
  editContact: change({
    method: 'POST',
    path: '/contacts/:id/edit',
    summary: 'Change some fields of a contact; 409 when someone changed them since `base`',
    params: idParam,
    body: contactEditRequestSchema,
    response: contactEditResponseSchema,
    invalidates: ['contacts', 'contact_groups', 'context', 'audit'],
  }),

  listAudit: get({
    path: '/audit',
    summary: 'The writes the gateway made, newest first',
    params: emptyParams,
    query: auditListQuery,
    response: auditListResponse,
    reads: ['audit'],
  }),
  undoAuditEntry: change({
    method: 'POST',
    path: '/audit/:id/undo',
    summary: 'Put a contact edit back (own edits; admins anyone\u2019s)',
    params: anyIdParam,
    body: null,
    response: auditUndoResponse,
    invalidates: ['contacts', 'context', 'audit'],
  }),
  listWebhookEvents: get({
    path: '/webhook-events',
    summary: 'The Missive webhook events received, newest first',
    params: emptyParams,
    query: webhookEventListQuery,
    response: webhookEventListResponse,
    reads: ['webhook_events'],
  }),

  listIntegrations: get({
    path: '/integrations',
    summary: 'Every provider and its settings; secrets are never read back',
    params: emptyParams,
    query: ignoredQuery,
    response: integrationListResponse,
    access: 'admin',
    reads: ['integrations'],
  }),
  updateIntegration: change({
    method: 'PUT',
    path: '/integrations/:provider',
    summary: "Replace a provider's settings whole",
    params: providerParam,
    body: integrationUpdateBody,
    response: integrationResponse,
    access: 'admin',
    invalidates: ['integrations'],
  }),
  deleteIntegration: change({
    method: 'DELETE',
    path: '/integrations/:provider',
    summary: 'Remove a generic provider; GitHub and Stripe stay listed',
    params: providerParam,
    body: null,
    response: z.object({ ok: z.literal(true) }),
    access: 'admin',
    invalidates: ['integrations'],
  }),
  listDeliveries: get({
    path: '/integrations/deliveries',
    summary: "Integrations' deliveries, newest first, with the count in each state",
    params: emptyParams,
    query: deliveryListQuery,
    response: deliveryListResponse,
    reads: ['integration_deliveries'],
  }),
  retryDelivery: change({
    method: 'POST',
    path: '/integrations/deliveries/:id/retry',
    summary: 'Queue a dead delivery again',
    params: deliveryIdParam,
    body: null,
    response: deliveryResponse,
    access: 'admin',
    invalidates: ['integration_deliveries'],
  }),

  /** Demo mode only: the playground's stand-in for Missive's `fetchConversations`. */
  fetchWindowConversations: change({
    method: 'POST',
    path: '/playground/conversations',
    summary: "Conversations as Missive's window hands them to the sidebar (demo only)",
    params: emptyParams,
    body: fetchConversationsBody.pick({ ids: true }),
    response: fetchConversationsResponse,
    reads: ['conversations'],
    invalidates: [],
  }),

  // The unified ticketing API (shared/src/unified.ts): Missive in the unified
  // model, for other tools, from the mirror. Lists page with `cursor`.
  listUnifiedTickets: get({
    path: '/unified/ticketing/tickets',
    summary: 'Tickets (conversations), newest activity first',
    params: emptyParams,
    query: unifiedListQuery,
    response: unifiedListSchema(unifiedTicketSchema),
    reads: TICKET_READS,
  }),
  getUnifiedTicket: get({
    path: '/unified/ticketing/tickets/:id',
    summary: 'One ticket (conversation)',
    params: idParam,
    query: ignoredQuery,
    response: z.object({ result: unifiedTicketSchema }),
    reads: TICKET_READS,
  }),
  listUnifiedComments: get({
    path: '/unified/ticketing/comments',
    summary: "A ticket's messages, comments and posts, newest first",
    params: emptyParams,
    query: ticketScopedQuery,
    response: unifiedListSchema(unifiedCommentSchema),
    // users: whether a message is by the team or by a contact.
    reads: ['messages', 'comments', 'posts', 'users'],
  }),
  listUnifiedAttachments: get({
    path: '/unified/ticketing/attachments',
    summary: "The files of a ticket's messages and comments, newest first",
    params: emptyParams,
    query: ticketScopedQuery,
    response: unifiedListSchema(unifiedAttachmentSchema),
    // The same pages as the comments: `limit` counts the comments the files come from.
    reads: ['messages', 'comments', 'posts'],
  }),
  listUnifiedTags: get({
    path: '/unified/ticketing/tags',
    summary: 'Tags (shared labels), named with their parents',
    params: emptyParams,
    query: unifiedListQuery,
    response: unifiedListSchema(unifiedTagSchema),
    reads: ['shared_labels'],
  }),
  listUnifiedTeams: get({
    path: '/unified/ticketing/teams',
    summary: 'Teams',
    params: emptyParams,
    query: unifiedListQuery,
    response: unifiedListSchema(unifiedTeamSchema),
    reads: ['teams'],
  }),
  listUnifiedUsers: get({
    path: '/unified/ticketing/users',
    summary: "The organization's users",
    params: emptyParams,
    query: unifiedListQuery,
    response: unifiedListSchema(unifiedUserSchema),
    reads: ['users'],
  }),
  listUnifiedWorkspaces: get({
    path: '/unified/ticketing/workspaces',
    summary: 'Workspaces (organizations)',
    params: emptyParams,
    query: unifiedListQuery,
    response: unifiedListSchema(unifiedWorkspaceSchema),
    reads: ['organizations'],
  }),
  getUnifiedMe: get({
    path: '/unified/ticketing/me',
    summary: "The Missive user the API token is, and the gateway's person calling",
    params: emptyParams,
    query: ignoredQuery,
    response: z.object({ result: unifiedMeSchema }),
    reads: ['users', 'session'],
  }),
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof gatewayRoutes;
export type Route<N extends RouteName> = (typeof gatewayRoutes)[N];
export type RouteParams<N extends RouteName> = z.input<Route<N>['params']>;
export type RouteQuery<N extends RouteName> = z.input<Route<N>['query']>;
export type RouteBody<N extends RouteName> = Route<N>['body'] extends z.ZodType
  ? z.input<Route<N>['body']>
  : undefined;
export type RouteResponse<N extends RouteName> = z.output<Route<N>['response']>;
/**
 * What the server sends: the response schema's input, which the client's
 * parse turns into RouteResponse (they differ only where a schema fills a
 * default or transforms a value).
 */
export type RouteAnswer<N extends RouteName> = z.input<Route<N>['response']>;

export const routeNames = Object.keys(gatewayRoutes) as RouteName[];
