import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';
import {
  gatewayRoutes,
  type Route,
  type RouteAnswer,
  type RouteDef,
  type RouteName,
} from '@crm/shared/gateway-routes';
import { memberOf, requireAdmin } from '../auth/require-auth';
import { HttpError } from './http-error';
import { jsonBody } from './json-body';

/**
 * The gateway's own routes (shared/src/gateway-routes.ts), mounted from
 * their table entries as the Missive proxy mounts Missive's: the method and
 * path, the JSON body parser, the admin check and the input validation come
 * from the entry, so a route cannot accept what the table refuses or answer
 * with another status than the one the client expects.
 */

/** A route's input, as its table entry's schemas parsed it. */
export interface RouteInput<N extends RouteName> {
  params: z.output<Route<N>['params']>;
  query: z.output<Route<N>['query']>;
  body: Route<N>['body'] extends z.ZodType ? z.output<Route<N>['body']> : undefined;
}

/**
 * Answers a route's parsed input; what it returns is sent with the entry's
 * success status, and must be of the entry's response type. Failures are
 * thrown (HttpError), as everywhere in the server.
 */
export type RouteHandler<N extends RouteName> = (
  input: RouteInput<N>,
  req: Request,
  res: Response,
) => RouteAnswer<N> | Promise<RouteAnswer<N>>;

interface RouteOptions {
  /** The JSON body's limits, where the route's differ from the gateway's (MAX_PAYLOAD_BYTES, lenient). */
  json?: { limit?: number; strict?: boolean };
  /**
   * What a refused path or query names its problems after: `path` and
   * `query` ("path.id: …") unless the route's own messages have always named
   * the field alone ("provider: …"), which '' keeps.
   */
  where?: { params?: string; query?: string };
}

interface AdminOptions extends RouteOptions {
  /** What an agent is refused, in requireAdmin's words: "list access keys". */
  refusal: string;
}

/** An admin-only route must say what it refuses an agent; others take options only if they need them. */
export type MountOptions<N extends RouteName> = Route<N>['access'] extends 'admin'
  ? [options: AdminOptions]
  : [options?: RouteOptions];

/**
 * Unless NODE_ENV is production, every answer is also checked against the
 * table's response schema, and one that does not match is a 500 (an error
 * the tests see): the client parses answers with that schema, so a route
 * that drifted from it would fail there anyway, far from the cause.
 * TypeScript checks the handler's type, but not what a store row or a cast in
 * a lower layer holds. With NODE_ENV=production the check is skipped: it
 * parses every answer a second time (a context is large) to find a bug the
 * tests are there to find.
 */
const CHECK_ANSWERS = process.env.NODE_ENV !== 'production';

/** Mounts `name` on `router` (mounted at `/api`), from its entry in gatewayRoutes. */
export function mountRoute<N extends RouteName>(
  router: Router,
  name: N,
  handler: RouteHandler<N>,
  ...[options]: MountOptions<N>
): void {
  const route: RouteDef = gatewayRoutes[name];
  const refusal = options && 'refusal' in options ? options.refusal : undefined;
  if (route.access === 'admin' && refusal === undefined) {
    throw new Error(`${name} is for admins only: mount it with the refusal an agent gets`);
  }
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  // Only a route that takes a body reads one; for the others it is ignored, as it always was.
  const parsers = route.body === null ? [] : [jsonBody(options?.json)];
  router[method](route.path, ...parsers, async (req, res) => {
    if (route.access !== 'public') {
      // Throws unless requireAuth admitted the request: a route mounted
      // before it by mistake fails loudly instead of serving anyone.
      memberOf(req);
    }
    if (refusal !== undefined) requireAdmin(req, refusal);
    // Each part was parsed by this entry's own schema, so the outputs are the
    // declared types; TypeScript cannot follow that through the generic index.
    const input = parseRouteInput(route, req, options?.where) as RouteInput<N>;
    const answer = await handler(input, req, res);
    if (CHECK_ANSWERS) {
      const checked = route.response.safeParse(answer);
      if (!checked.success) {
        throw new Error(
          `${name} answered outside its response schema: ${describeZodError(checked.error)}`,
        );
      }
    }
    res.status(route.status).json(answer);
  });
}

function parseRouteInput(
  route: RouteDef,
  req: Request,
  { params: inPath = 'path', query: inQuery = 'query' }: RouteOptions['where'] = {},
) {
  const params = route.params.safeParse(req.params);
  if (!params.success) throw invalid(params.error, inPath);
  const query = route.query.safeParse(req.query);
  if (!query.success) throw invalid(query.error, inQuery);
  if (route.body === null) return { params: params.data, query: query.data, body: undefined };
  // Express leaves req.body undefined when no JSON came: the schema says what was expected.
  const body = route.body.safeParse(req.body);
  if (!body.success) throw invalid(body.error);
  return { params: params.data, query: query.data, body: body.data };
}

/** A 400 naming every problem, with paths the editor can put beside its fields. */
export function invalid(error: z.ZodError, root = ''): HttpError {
  return new HttpError(400, describeZodError(error, root), {
    details: {
      issues: error.issues.map((issue) => ({
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
        message: issue.message,
      })),
    },
  });
}
