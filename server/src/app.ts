import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { KeyGuesses } from './auth/key-guesses';
import { requireAuth, requireStreamAuth, stillAuthenticated } from './auth/require-auth';
import type { People } from './auth/people';
import type { SessionTokens } from './auth/sessions';
import type { EventHub } from './events/event-hub';
import type { Gateway } from './gateway/gateway';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import type { ContextDeps } from './mirror/context-answer';
import type { MirrorReader } from './mirror/mirror-reader';
import type { Threads } from './mirror/threads';
import type { Integrations } from './integrations/integrations';
import { createMcpRoute } from './mcp/http-route';
import { createAuditRoute } from './routes/audit';
import { createContactsRoute } from './routes/contacts';
import { createContextRoute } from './routes/context';
import { createEventsRoute } from './routes/events';
import { createHealthRoute } from './routes/health';
import { createIntegrationDeliveryRoute, createIntegrationsRoute } from './routes/integrations';
import { createKeysRoute } from './routes/keys';
import { createLimitsRoute } from './routes/limits';
import { createMissiveProxy } from './routes/missive-proxy';
import { createPlaygroundRoutes, type DemoEmulator } from './routes/playground';
import { createSessionRenewRoute, createSessionRoute } from './routes/session';
import { createSyncRoute } from './routes/sync';
import { createWebhookEventsRoute } from './routes/webhook-events';
import { createUnifiedRoute } from './routes/unified';
import { createWebhookRoute } from './routes/webhooks';
import type { Store, WebhookEvent } from './store/types';

export interface AppDeps {
  mode: 'demo' | 'live';
  version: string;
  /** The team's people and access keys (APP_ACCESS_KEY is the first admin). */
  people: People;
  sessions: SessionTokens;
  gateway: Gateway;
  store: Store;
  /** The local copy of Missive that answers reads without spending the budget. */
  mirror: MirrorReader;
  /** Conversations' messages, comments, drafts and posts, kept until the conversation changes. */
  threads: Threads;
  /** What the sidebar's context is built from: the mirror, and Missive for what it lacks. */
  context: ContextDeps;
  /** Demo mode: the emulator, which the playground reads as Missive's own window does. */
  playground?: DemoEmulator;
  hub: EventHub;
  webhookSecret: string | undefined;
  /** Runs after Missive has its answer; what it throws or rejects with goes to onError. */
  onWebhookEvent: (event: WebhookEvent) => void | Promise<void>;
  frameAncestors: string;
  /** Third-party webhooks (GitHub, Stripe, …) that become posts. */
  integrations: Integrations;
  /** PUBLIC_URL: the gateway's address as Missive reaches it (integration posts' icons). */
  publicUrl?: string | undefined;
  /** The largest attachment an AI agent may download through /mcp (MCP_ATTACHMENT_MAX_BYTES). */
  mcpAttachmentMaxBytes: number;
  /** The built client (client/dist); absent in API-only tests. */
  clientDir?: string;
  onError: (error: unknown) => void;
  /** Worth an operator's look, not a failure: e.g. a webhook Missive changed the shape of. */
  onWarning?: (message: string) => void;
}

/**
 * Builds the gateway. The order is deliberate: security headers first; the
 * routes that authenticate themselves (health, session, webhooks, events);
 * then authentication for the rest of /api; the allowlisted Missive proxy;
 * the pages; and last the error envelope.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const auth = { people: deps.people, sessions: deps.sessions, guesses: new KeyGuesses() };

  // API answers are data, never pages: nobody may frame them.
  const apiHeaders = helmet({
    contentSecurityPolicy: {
      directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
  });
  const noStore: RequestHandler = (_req, res, next) => {
    // Every answer is a team's private data or a live state: no browser or
    // proxy keeps a copy (the event stream says no-cache, no-transform itself).
    res.set('Cache-Control', 'no-store');
    next();
  };
  app.use(['/api', '/webhooks', '/mcp'], apiHeaders, noStore);
  // Only POSTs to /integrations are the API: GET /integrations is the dashboard's page.
  app.post('/integrations/*provider', apiHeaders, noStore);
  app.use(
    '/webhooks',
    createWebhookRoute({
      secret: deps.webhookSecret,
      store: deps.store,
      onEvent: deps.onWebhookEvent,
      onError: deps.onError,
      onSchemaMismatch: (message, event) =>
        deps.onWarning?.(
          `webhook event ${event.id} was stored but does not match Missive's payload shape: ${message}`,
        ),
    }),
  );
  app.use(
    '/integrations',
    createIntegrationDeliveryRoute({
      receiver: deps.integrations.receiver,
      publicUrl: deps.publicUrl,
    }),
  );
  app.use('/api', createHealthRoute(deps));
  app.use('/api', createSessionRoute(auth));
  app.use('/api/events', requireStreamAuth(auth));
  app.use('/api', createEventsRoute({ hub: deps.hub, stillAllowed: stillAuthenticated }));
  app.use('/api', requireAuth(auth));
  app.use('/api', createSessionRenewRoute(deps.sessions));
  app.use('/api', createKeysRoute(deps.people));
  app.use('/api', createLimitsRoute(deps.gateway));
  app.use('/api', createContactsRoute(deps.gateway));
  app.use('/api', createAuditRoute({ gateway: deps.gateway, store: deps.store }));
  app.use('/api', createWebhookEventsRoute(deps.store));
  app.use('/api', createSyncRoute(deps.mirror));
  app.use(
    '/api',
    createIntegrationsRoute({
      registry: deps.integrations.registry,
      store: deps.integrations.store,
      onRetried: deps.integrations.queued,
    }),
  );
  app.use('/api', createContextRoute(deps.context));
  app.use(
    '/api',
    createUnifiedRoute({ reader: deps.mirror, threads: deps.threads, gateway: deps.gateway }),
  );
  if (deps.playground) app.use('/api', createPlaygroundRoutes(deps.playground));
  app.use(
    '/api/missive/v1',
    createMissiveProxy(deps.gateway, { mirror: deps.mirror, threads: deps.threads }),
  );
  // AI agents: the MCP server, a client of the API above with the agent's own credential.
  app.use(
    '/mcp',
    requireAuth(auth),
    createMcpRoute({
      version: deps.version,
      // Demo mode: the emulator serves its files on this machine.
      files: { maxBytes: deps.mcpAttachmentMaxBytes, allowPrivate: deps.mode === 'demo' },
    }),
  );
  app.use(['/api', '/webhooks', '/mcp'], notFoundHandler);

  // Pages may be framed by Missive (FRAME_ANCESTORS), so no X-Frame-Options.
  app.use(
    helmet({
      frameguard: false,
      contentSecurityPolicy: {
        directives: {
          'frame-ancestors': deps.frameAncestors.split(/\s+/).filter(Boolean),
          // Missive's iFrame library and stylesheet, for the sidebar inside Missive.
          'script-src': ["'self'", 'https://integrations.missiveapp.com'],
          'style-src': ["'self'", "'unsafe-inline'", 'https://integrations.missiveapp.com'],
          'img-src': ["'self'", 'data:', 'https:'],
        },
      },
    }),
  );
  const clientDir = deps.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/, /sidebar, /playground, …) all load the app. A
    // missing file under /assets/ is a 404, not the page: a code chunk a
    // deploy replaced must fail to load as one, so the app offers a reload.
    app.get(/^(?!\/api\/|\/webhooks\/|\/mcp\b|\/assets\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(clientDir, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.onError));
  return app;
}
