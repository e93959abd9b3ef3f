import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { bearerAuth } from './http/bearer-auth';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import type { MissiveClient } from './missive/client';
import { createHealthRoute } from './routes/health';
import { createMissiveProxy } from './routes/missive-proxy';

export interface AppDeps {
  mode: 'demo' | 'live';
  version: string;
  accessKey: string;
  client: MissiveClient;
  frameAncestors: string;
  /** The built client (client/dist); absent in API-only tests. */
  clientDir?: string;
  onError: (error: unknown) => void;
}

/**
 * Builds the gateway. The order is deliberate: security headers first, the
 * unauthenticated health check, then authentication for the rest of /api,
 * then the allowlisted Missive proxy, then the pages, then the error envelope.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  // API answers are data, never pages: nobody may frame them.
  app.use(
    '/api',
    helmet({
      contentSecurityPolicy: {
        directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
      },
    }),
  );
  app.use('/api', createHealthRoute(deps));
  app.use(
    '/api',
    bearerAuth(
      [deps.accessKey],
      'Missing or invalid access key: send "Authorization: Bearer <key>"',
    ),
  );
  app.use('/api/missive/v1', createMissiveProxy(deps.client));
  app.use('/api', notFoundHandler);

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
    // Client-side routes (/, /sidebar, /playground, …) all load the app.
    app.get(/^(?!\/api\/|\/webhooks\/).*/, (_req, res) => {
      res.set('Cache-Control', 'no-cache').sendFile(path.join(clientDir, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.onError));
  return app;
}
