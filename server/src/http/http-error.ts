import { errorEnvelope, type ErrorCode, type ErrorEnvelope } from '@crm/shared/errors';

const defaultCodes: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
  502: 'upstream_error',
  503: 'overloaded',
  504: 'upstream_timeout',
};

/** The one error class of the server: what to answer and with which status. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** Answer with no body at all, as Missive does for a report that is not ready. */
  readonly emptyBody: boolean;

  constructor(
    status: number,
    message: string,
    options: {
      code?: ErrorCode;
      details?: unknown;
      headers?: Record<string, string>;
      emptyBody?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = options.code ?? defaultCodes[status] ?? 'internal';
    this.details = options.details;
    this.headers = options.headers ?? {};
    this.emptyBody = options.emptyBody ?? false;
  }

  toEnvelope(): ErrorEnvelope {
    return errorEnvelope(this.message, this.code, this.details);
  }
}

export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, `${what} "${id}" was not found`);
}

export function badRequest(message: string, details?: unknown): HttpError {
  return new HttpError(400, message, { details });
}
