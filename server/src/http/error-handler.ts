import type { ErrorRequestHandler, RequestHandler } from 'express';
import { errorEnvelope } from '@crm/shared/errors';
import { DatabaseUnavailable } from '../store/kysely-store';
import { HttpError } from './http-error';

interface BodyParserError {
  type: string;
  status?: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' && error !== null && 'type' in error && typeof error.type === 'string'
  );
}

/**
 * Express's body parser reports its own failures as plain errors with a
 * `type`; translate them so a malformed or oversized body gets the envelope.
 */
function fromBodyParser(error: BodyParserError): HttpError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new HttpError(400, 'the request body is not valid JSON');
    case 'entity.too.large':
      return new HttpError(
        413,
        `the request body exceeds the limit of ${error.limit ?? 'this endpoint'} bytes`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'the request body must be UTF-8 JSON', { code: 'bad_request' });
    case 'request.aborted':
      return new HttpError(400, 'the request was aborted before its body arrived');
    default:
      return undefined;
  }
}

/**
 * Other client errors the body parser passes on without a `type` (a gzip or
 * brotli body that does not decompress) follow the http-errors convention: a
 * 4xx `status` and `expose: true`. They are the client's fault, not a 500.
 */
function fromExposedClientError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (!('expose' in error) || error.expose !== true || !('status' in error)) return undefined;
  const { status } = error;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new HttpError(status, `the request body could not be read${reason}`);
}

/**
 * The router decodes each path parameter and throws a URIError (status 400,
 * but not marked for exposure) when a percent sign does not start a valid
 * UTF-8 sequence, such as `/contacts/%zz`.
 */
function fromMalformedPath(error: unknown): HttpError | undefined {
  if (!(error instanceof URIError)) return undefined;
  return new HttpError(
    400,
    'the request path has a malformed percent-encoding (a % must be followed by two hex digits of UTF-8)',
  );
}

/**
 * The store's database is down (PostgreSQL stopped, the network cut): a 503
 * that names it, not a 500 that reads like a bug. Nothing was written.
 */
function fromUnavailableDatabase(error: unknown): HttpError | undefined {
  if (!(error instanceof DatabaseUnavailable)) return undefined;
  return new HttpError(503, `${error.message}. Nothing was changed; try again once it is back.`, {
    code: 'unavailable',
    headers: { 'Retry-After': '5' },
  });
}

/** A failure the client caused or the gateway meant, as an HttpError; undefined for a bug. */
export function knownHttpError(error: unknown): HttpError | undefined {
  return error instanceof HttpError
    ? error
    : isBodyParserError(error)
      ? fromBodyParser(error)
      : (fromMalformedPath(error) ??
        fromExposedClientError(error) ??
        fromUnavailableDatabase(error));
}

/** The final handler: every failure leaves as the shared error envelope. */
export function createErrorHandler(onUnexpected: (error: unknown) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = knownHttpError(error);
    if (!known) {
      onUnexpected(error);
      res
        .status(500)
        .json(errorEnvelope('an unexpected error occurred; it has been logged', 'internal'));
      return;
    }
    res.set(known.headers);
    if (known.emptyBody) {
      res.status(known.status).end();
      return;
    }
    res.status(known.status).json(known.toEnvelope());
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `no endpoint ${req.method} ${req.path}`));
};
