import express, { type Request, type Router } from 'express';
import { errorEnvelope } from '@crm/shared/errors';
import { endpointNames, endpoints, type EndpointName } from '@crm/shared/missive/endpoints';
import { memberOf, requireRoleFor } from '../auth/require-auth';
import { LANES, moreUrgent, type Lane } from '../gateway/budget';
import type { Gateway } from '../gateway/gateway';
import { upstreamError } from '../gateway/missive-client';
import { HttpError } from '../http/http-error';
import { parseEndpointInput } from '../http/validate';
import { answerFromMirror, isDirectoryRead } from '../mirror/directory';
import { DatabaseUnavailable } from '../store/kysely-store';
import type { MirrorReader } from '../mirror/mirror-reader';
import { isThreadRead, readThread, type Caller, type Threads } from '../mirror/threads';
import { jsonBody } from '../http/json-body';
import { contactsUpdatedBy, oneContactAtATime } from './contact-writes';

/**
 * The request's own path and query values, forwarded as sent: they have just
 * passed the endpoint's schemas, which admit only declared keys and strings.
 */
function stringValues(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof values !== 'object' || values === null) return out;
  for (const [key, value] of Object.entries(values))
    if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * Who asks, for fairness and the audit log: the person whose key or session
 * authenticated the request, never a header the client chose.
 */
export function agentOf(req: Request): string {
  return memberOf(req).name;
}

function isLane(value: string): value is Lane {
  return (LANES as readonly string[]).includes(value);
}

/**
 * `X-Priority` lowers a request's lane, never raises it: a client marks its
 * own prefetch as background, the MCP server its tools' calls as automation
 * (AI agents, within AGENT_BUDGET_SHARE).
 */
function laneOf(req: Request, declared: Lane): Lane {
  const asked = req.get('x-priority');
  if (asked === undefined) return declared;
  if (!isLane(asked)) {
    throw new HttpError(
      400,
      `X-Priority must be one of ${LANES.map((lane) => `"${lane}"`).join(', ')}`,
    );
  }
  return moreUrgent(declared, asked) ? asked : declared;
}

/** Who calls and in which lane, for the gateway's own routes (declared interactive). */
export function callerOf(req: Request): Caller {
  return { agent: agentOf(req), lane: laneOf(req, 'interactive') };
}

// N ties endpoints[name] to its own input types; it is not redundant.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function mount<N extends EndpointName>(
  router: Router,
  name: N,
  gateway: Pick<Gateway, 'call'>,
  { mirror, threads }: MirrorAnswers,
): void {
  const endpoint = endpoints[name];
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
  router[method](endpoint.path, async (req, res) => {
    requireRoleFor(req, name);
    // Refused here, a bad request never spends Missive's budget.
    const input = parseEndpointInput(endpoint, req);
    const contactsUpdated = contactsUpdatedBy(name, input.body);
    const query = stringValues(req.query);
    // "Cache-Control: no-cache" asks Missive itself, as it bypasses any cache.
    const fromMirror = !/no-cache/i.test(req.get('cache-control') ?? '');
    const answerKept = (kept: { body: unknown; asOf: number }) => {
      res.set('X-Gateway-Source', 'mirror');
      res.set('X-Mirror-As-Of', new Date(kept.asOf).toISOString());
      res.json(kept.body);
    };
    if (fromMirror && mirror && isDirectoryRead(name)) {
      const mirrored = await unlessDatabaseDown(() => answerFromMirror(mirror, name, query));
      if (mirrored) {
        answerKept(mirrored);
        return;
      }
    }
    const conversationId = stringValues(req.params).id;
    const agent = agentOf(req);
    const lane = laneOf(req, endpoint.priority);
    // A contact update takes its turn with the editor's writes of the same
    // contacts (see contact-writes.ts); every other call names none and goes at once.
    const fromMissive = () =>
      oneContactAtATime(gateway, contactsUpdated, () =>
        gateway.call({
          name,
          params: stringValues(req.params),
          query,
          body: input.body,
          agent,
          lane,
          ...(fromMirror ? {} : { fresh: true }),
        }),
      );
    const answer =
      fromMirror && threads && isThreadRead(name) && conversationId !== undefined
        ? ((await unlessDatabaseDown(() =>
            readThread({ threads, gateway }, { name, conversationId, query, agent, lane }),
          )) ?? (await fromMissive()))
        : await fromMissive();
    if ('kept' in answer) {
      answerKept(answer.kept);
      return;
    }
    const { response, source } = answer;
    res.set('X-Gateway-Source', source);
    if (response.status >= 400) {
      const upstream = upstreamError(response.body);
      const message = upstream?.message ?? `Missive answered ${response.status}`;
      if (response.status === 429) {
        throw new HttpError(429, `Missive's rate limit was reached: ${message}`, {
          headers: response.retryAfter ? { 'Retry-After': response.retryAfter } : {},
        });
      }
      // Missive's 404 for an unfinished report has no body; keep that meaning.
      if (response.body === null && response.status === 404)
        throw new HttpError(404, '', { emptyBody: true });
      res
        .status(response.status)
        .json(errorEnvelope(message, response.status >= 500 ? 'upstream_error' : upstream?.code));
      return;
    }
    if (response.body === null) res.status(response.status === 200 ? 204 : response.status).end();
    else res.status(response.status).json(response.body);
  });
}

/** The reads the mirror may answer instead of Missive. */
interface MirrorAnswers {
  /** The directory's lists, once held in full (see mirror/directory.ts). */
  mirror?: MirrorReader | undefined;
  /** A conversation's own lists, while it has not changed (see mirror/threads.ts). */
  threads?: Threads | undefined;
}

/**
 * `/api/missive/v1/*`: exactly the endpoints of the shared table (or of
 * `names`), validated before anything is sent. Anything else falls through
 * to a 404.
 */
export function createMissiveProxy(
  gateway: Pick<Gateway, 'call'>,
  { names = endpointNames, ...answers }: { names?: readonly EndpointName[] } & MirrorAnswers = {},
): Router {
  const router = express.Router();
  router.use(jsonBody());
  for (const name of names) mount(router, name, gateway, answers);
  return router;
}

/**
 * The mirror's answer, or undefined while its database is down: the read then
 * goes to the cache and Missive like any other, so sidebars keep reading
 * through a store outage (writes are refused meanwhile: see auditableWrites).
 */
async function unlessDatabaseDown<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DatabaseUnavailable) return undefined;
    throw error;
  }
}
