import { z } from 'zod';
import { errorCodes, type ErrorEnvelope } from '@crm/shared/errors';
import { endpoints, fillPath, type EndpointName } from '@crm/shared/missive/endpoints';
import { HttpError } from '../http/http-error';

export interface UpstreamRequest {
  name: EndpointName;
  /** Path parameters as the client sent them (already validated). */
  params: Readonly<Record<string, string>>;
  /** Query string values as sent (already validated). */
  query: Readonly<Record<string, string>>;
  body: unknown;
}

export interface UpstreamResponse {
  status: number;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
  retryAfter: string | null;
}

export interface MissiveClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** No HTTP answer came back: a timeout, a failed connection (see CircuitBreaker). */
export class NoAnswer extends HttpError {
  constructor(
    status: 502 | 504,
    message: string,
    options: ConstructorParameters<typeof HttpError>[2] = {},
  ) {
    super(status, message, options);
    this.name = 'NoAnswer';
  }
}

/**
 * Missive never received the request: the connection was refused, the name
 * did not resolve, or the circuit is open. Such a call is given back to the
 * rate budget, and a write failing so was certainly not applied.
 */
export class MissiveUnreachable extends NoAnswer {
  constructor(message: string, headers: Record<string, string> = {}) {
    super(502, message, { code: 'upstream_unreachable', headers });
    this.name = 'MissiveUnreachable';
  }
}

/** Failures before any byte reached Missive; a reset or a timeout may come after it did. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** The system error code under fetch's "fetch failed" (one of several addresses tried, maybe). */
function connectionCode(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof AggregateError) {
    const first: unknown = cause.errors[0];
    return connectionCode({ cause: first });
  }
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    return typeof cause.code === 'string' ? cause.code : undefined;
  }
  return undefined;
}

/**
 * The only code that talks to Missive. URLs come from the configured base and
 * the declared path template with encoded segments; nothing from the
 * caller's headers is forwarded, only the token this process holds.
 */
export class MissiveClient {
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: MissiveClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  url(request: Pick<UpstreamRequest, 'name' | 'params' | 'query'>): string {
    const endpoint = endpoints[request.name];
    const query = new URLSearchParams(request.query).toString();
    return `${this.base}${fillPath(endpoint.path, request.params)}${query ? `?${query}` : ''}`;
  }

  async call(request: UpstreamRequest): Promise<UpstreamResponse> {
    const endpoint = endpoints[request.name];
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(request), {
        method: endpoint.method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(endpoint.body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: endpoint.body ? JSON.stringify(request.body) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new NoAnswer(504, `Missive did not answer within ${this.timeoutMs / 1000} s`);
      }
      const code = connectionCode(error);
      if (code !== undefined && NEVER_SENT.has(code)) {
        throw new MissiveUnreachable(`Missive could not be reached (${code}); nothing was sent`);
      }
      throw new NoAnswer(502, 'The connection to Missive failed; try again shortly');
    }
    const text = await response.text();
    return {
      status: response.status,
      body: parseJson(text, response.status),
      retryAfter: response.headers.get('retry-after'),
    };
  }
}

function parseJson(text: string, status: number): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(502, `Missive answered ${status} with a body that is not JSON`);
  }
}

/** Missive's error body; its code is kept only when it is one of ours. */
const upstreamErrorBody = z.object({
  error: z.object({ message: z.string(), code: z.enum(errorCodes).optional().catch(undefined) }),
});

/** Missive's own error (its message, and a code when it gives one), when its body carries one. */
export function upstreamError(body: unknown): ErrorEnvelope['error'] | undefined {
  return upstreamErrorBody.safeParse(body).data?.error;
}

/** Missive's own error message, when its body carries one. */
export function upstreamMessage(body: unknown): string | undefined {
  return upstreamError(body)?.message;
}
