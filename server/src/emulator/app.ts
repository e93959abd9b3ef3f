import express, { type Express, type RequestHandler, type Router } from 'express';
import { CONTROL_READS_PATH } from '@crm/shared/emulator-control';
import { MAX_PAYLOAD_BYTES } from '@crm/shared/missive/common';
import { endpointNames, missiveEndpoints, type EndpointName } from '@crm/shared/missive/endpoints';
import type { RateLimits } from '@crm/shared/rate-limits';
import { bearerAuth } from '../http/bearer-auth';
import { createErrorHandler, notFoundHandler } from '../http/error-handler';
import { parseEndpointInput } from '../http/validate';
import { startActivity, type Activity } from './activity';
import { createControlRouter } from './control/routes';
import { createFilesRouter } from './files';
import type { HandlerContext, Handlers } from './handler';
import { analyticsHandlers } from './handlers/analytics';
import { contactHandlers } from './handlers/contacts';
import { contentHandlers } from './handlers/content';
import { conversationHandlers } from './handlers/conversations';
import { directoryHandlers } from './handlers/directory';
import { hookHandlers } from './handlers/hooks';
import { taskHandlers } from './handlers/tasks';
import type { EmulatorData } from './model';
import { RateLimitEnforcer, rateLimitMiddleware } from './rate-limit';
import { sendChecked } from './respond';
import { EmulatorState } from './state';
import { MISSIVE_RETRY_DELAYS_MS, WebhookDispatcher } from './webhooks';

export interface EmulatorOptions {
  data: EmulatorData;
  token: string;
  limits: RateLimits;
  /** Mean added delay per request; each request gets ±25 % around it. */
  latencyMs?: number;
  reportDelayMs?: number;
  reportTtlMs?: number;
  hookRetryDelaysMs?: readonly number[];
  /** Simulated changes by the organisation's people (see activity.ts); none when absent. */
  activity?: { intervalMs: number; seed: number };
  clock?: () => number;
  onError?: (message: string, error?: unknown) => void;
}

export interface Emulator {
  app: Express;
  state: EmulatorState;
  limiter: RateLimitEnforcer;
  activity: Activity | null;
  /** Stops the activity and webhook retries; the HTTP server is closed by whoever listens. */
  close: () => void;
}

const handlers: Handlers = {
  ...analyticsHandlers,
  ...contactHandlers,
  ...contentHandlers,
  ...conversationHandlers,
  ...directoryHandlers,
  ...hookHandlers,
  ...taskHandlers,
};

function addLatency(meanMs: number): RequestHandler {
  return (_req, _res, next) => {
    if (meanMs <= 0) {
      next();
      return;
    }
    setTimeout(next, meanMs * (0.75 + Math.random() * 0.5));
  };
}

/**
 * Registers one route per endpoint of the shared table, so the emulator
 * answers exactly the declared API, with Missive's own input rules
 * (`missiveEndpoints`), not the gateway's stricter ones. Each answer is
 * checked against the endpoint's response schema: a mismatch is an emulator
 * bug and says so.
 */
// N ties missiveEndpoints[name] to its own handler and input types; it is not redundant.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function mountEndpoint<N extends EndpointName>(
  router: Router,
  name: N,
  context: HandlerContext,
): void {
  const endpoint = missiveEndpoints[name];
  const handler = handlers[name];
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
  router[method](endpoint.path, (req, res) => {
    sendChecked(res, name, endpoint.response, handler(parseEndpointInput(endpoint, req), context));
  });
}

export function createEmulator(options: EmulatorOptions): Emulator {
  const clock = options.clock ?? Date.now;
  const onError =
    options.onError ??
    ((message: string, error?: unknown) => {
      console.error(message, error ?? '');
    });
  const state = new EmulatorState(options.data, clock);
  const limiter = new RateLimitEnforcer(options.limits, clock);
  const dispatcher = new WebhookDispatcher(state, {
    retryDelaysMs: options.hookRetryDelaysMs ?? MISSIVE_RETRY_DELAYS_MS,
    timeoutMs: 15_000,
    disableAfter: 50,
    onError,
  });
  const context: HandlerContext = {
    state,
    notify: (event) => {
      dispatcher.dispatch(event);
    },
    reports: { delayMs: options.reportDelayMs ?? 3000, ttlMs: options.reportTtlMs ?? 60_000 },
  };

  const api = express.Router();
  for (const name of endpointNames) mountEndpoint(api, name, context);
  // Missive's own window reads without spending the token: the same reads, unmetered.
  const windowReads = express.Router();
  for (const name of endpointNames) {
    if (missiveEndpoints[name].method === 'GET') mountEndpoint(windowReads, name, context);
  }
  const activity = options.activity
    ? startActivity(context, { ...options.activity, onError })
    : null;

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const auth = bearerAuth(
    options.token,
    'Missing or invalid API token: send "Authorization: Bearer <token>"',
  );
  const json = express.json({ limit: MAX_PAYLOAD_BYTES, strict: false });
  // Order matters: an unauthenticated request spends no budget, and a request
  // refused for its rate holds no concurrency slot while it waits.
  app.use('/v1', auth, rateLimitMiddleware(limiter), addLatency(options.latencyMs ?? 0));
  app.use('/v1', json, api);
  // What people do in Missive itself: the same token, none of the API's limits or latency.
  // Missive's file host: attachment URLs carry no token, as presigned URLs do.
  app.use('/files', createFilesRouter(state));
  app.use('/control', auth, json);
  app.use(`/control${CONTROL_READS_PATH}`, windowReads);
  app.use('/control', createControlRouter(context));
  app.use(notFoundHandler);
  app.use(
    createErrorHandler((error) => {
      onError('emulator request failed', error);
    }),
  );

  return {
    app,
    state,
    limiter,
    activity,
    close: () => {
      activity?.stop();
      dispatcher.close();
    },
  };
}
