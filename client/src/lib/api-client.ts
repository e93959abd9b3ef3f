import type { z } from 'zod';
import { describeZodError, errorEnvelopeSchema, type ErrorCode } from '@crm/shared/errors';
import {
  endpoints,
  fillPath,
  type EndpointBody,
  type EndpointName,
  type EndpointParams,
  type EndpointQuery,
  type EndpointResponse,
} from '@crm/shared/missive/endpoints';
import {
  gatewayRoutes,
  type RouteBody,
  type RouteMethod,
  type RouteName,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from '@crm/shared/gateway-routes';
import { useSessionStore } from '@/stores/session';

/**
 * The one place the client talks HTTP. Everything else calls `callMissive` or
 * `callGateway`, so authentication, error shapes and response validation are
 * decided here once.
 */

/** A failed call: the HTTP status (0 when no answer arrived) and the gateway's message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ErrorCode | undefined;
  readonly details: unknown;
  /** Seconds to wait before trying again, from the answer's Retry-After (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    message: string,
    code?: ErrorCode,
    details?: unknown,
    retryAfter?: number,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export type ApiMethod = RouteMethod;

export interface ApiRequest {
  method?: ApiMethod;
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export function apiFetch<S extends z.ZodType>(
  path: string,
  schema: S,
  request?: ApiRequest,
): Promise<z.output<S>>;
export function apiFetch(path: string, schema: null, request?: ApiRequest): Promise<null>;
export async function apiFetch(
  path: string,
  schema: z.ZodType | null,
  request: ApiRequest = {},
): Promise<unknown> {
  const method = request.method ?? 'GET';
  const json = await send(path, method, request);
  if (schema === null) return null;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // The gateway and client share one contract; a mismatch means one side
    // is out of date, which is worth saying plainly rather than rendering junk.
    throw new ApiError(
      200,
      `Unexpected answer from ${method} ${path}: ${describeZodError(parsed.error)}`,
      'upstream_error',
    );
  }
  return parsed.data;
}

/** What a call sends: its path parameters, query and body, typed from its table. */
export interface TableCall<P, Q, B> {
  params?: P;
  query?: Q;
  body?: B;
  signal?: AbortSignal;
}

export interface MissiveCall<N extends EndpointName> extends TableCall<
  EndpointParams<N>,
  EndpointQuery<N>,
  EndpointBody<N>
> {
  /**
   * Read as Missive's own window reads (the playground, in demo mode): the
   * gateway answers from the emulator outside the API token's budget.
   */
  asMissiveWindow?: boolean;
}

export type GatewayCall<N extends RouteName> = TableCall<
  RouteParams<N>,
  RouteQuery<N>,
  RouteBody<N>
>;

/** One entry of either table, as far as sending it goes. */
interface CallDef {
  method: ApiMethod;
  path: string;
  response: z.ZodType | null;
}

async function callTable(base: string, def: CallDef, call: TableCall<object, object, unknown>) {
  const path = `${base}${fillPath(def.path, toPathParams(call.params ?? {}))}`;
  const request: ApiRequest = {
    method: def.method,
    query: toQuery(call.query ?? {}),
    body: call.body,
    ...(call.signal ? { signal: call.signal } : {}),
  };
  return def.response === null
    ? apiFetch(path, null, request)
    : apiFetch(path, def.response, request);
}

/**
 * Calls one endpoint of Missive's table through the gateway
 * (`/api/missive/v1<path>`) and validates the answer with that endpoint's
 * response schema. Inputs are typed from the same table; the gateway
 * validates them, so a bad input comes back as a 400 with a readable message.
 */
export async function callMissive<N extends EndpointName>(
  name: N,
  call: MissiveCall<N> = {},
): Promise<EndpointResponse<N>> {
  const base = call.asMissiveWindow ? '/api/playground/missive/v1' : '/api/missive/v1';
  // TypeScript cannot tie a generic index into the table to the conditional
  // EndpointResponse<N>; the value was just parsed by exactly that
  // endpoint's response schema, so the assertion states a checked fact.
  return (await callTable(base, endpoints[name], call)) as EndpointResponse<N>;
}

/** Calls one of the gateway's own routes (`/api<path>`, shared/src/gateway-routes.ts) the same way. */
export async function callGateway<N extends RouteName>(
  name: N,
  call: GatewayCall<N> = {},
): Promise<RouteResponse<N>> {
  // As above: parsed by exactly this route's response schema.
  return (await callTable('/api', gatewayRoutes[name], call)) as RouteResponse<N>;
}

/** Where a key is traded for a session (lib/sign-in.ts). */
export const SIGN_IN_PATH = `/api${gatewayRoutes.createSession.path}`;

async function send(path: string, method: ApiMethod, request: ApiRequest): Promise<unknown> {
  const headers = new Headers({ Accept: 'application/json' });
  // Signing in sends a key of its own: a refused one must not end the session in use.
  const token = path === SIGN_IN_PATH ? undefined : useSessionStore.getState().session?.token;
  if (token) headers.set('Authorization', `Bearer ${token}`);
  const init: RequestInit = { method, headers };
  if (request.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    init.body = JSON.stringify(request.body);
  }
  if (request.signal) init.signal = request.signal;

  let response: Response;
  try {
    response = await fetch(`${path}${toSearch(request.query)}`, init);
  } catch (error) {
    // An abort is the caller's own doing (React Query cancelling): pass it on untouched.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'The server could not be reached. Check your connection and try again.');
  }

  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const error = toApiError(response, json);
    // The session this call carried has ended (expired, or its key revoked):
    // every view would fail alike, so the app goes back to signing in.
    if (error.status === 401 && token && useSessionStore.getState().session?.token === token) {
      useSessionStore
        .getState()
        .clearSession(`Your session has ended (${error.message}). Sign in again.`);
    }
    throw error;
  }
  if (json === undefined && text !== '') {
    throw new ApiError(
      response.status,
      `${method} ${path} answered with something other than JSON`,
    );
  }
  return json ?? null;
}

function toApiError(response: Response, json: unknown): ApiError {
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  const envelope = errorEnvelopeSchema.safeParse(json);
  if (envelope.success) {
    const { message, code, details } = envelope.data.error;
    return new ApiError(response.status, message, code, details, retryAfter);
  }
  const reason = response.statusText ? ` (${response.statusText})` : '';
  return new ApiError(
    response.status,
    `Request failed with status ${response.status}${reason}`,
    undefined,
    undefined,
    retryAfter,
  );
}

/** Retry-After as whole seconds from now: delay-seconds or an HTTP date. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toSearch(query: ApiRequest['query']): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function toPathParams(params: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function toQuery(query: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[name] = value;
    }
  }
  return out;
}
