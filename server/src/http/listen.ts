import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { errorEnvelope, type ErrorCode } from '@crm/shared/errors';

export interface Listening {
  server: Server;
  port: number;
  /** Stops accepting, cuts open connections (keep-alive included) and resolves once closed. */
  close: () => Promise<void>;
  /**
   * Stops accepting and lets the requests under way finish: idle keep-alive
   * connections close at once, each answer under way is the last on its
   * connection, and a request that still arrives on an open one is answered
   * 503. Resolves once every connection has closed; close() cuts the rest.
   */
  drain: () => Promise<void>;
}

/**
 * How long a client may take to send its request. Node's defaults (a minute
 * for the headers, five for the whole request, checked every 30 s) let a
 * client that trickles a body hold a socket for five and a half minutes; a
 * few hundred such clients would exhaust the gateway. No honest client of
 * this gateway needs more than a few seconds: the largest body is 10 MB on
 * a local network or Missive's webhook delivery.
 */
export interface RequestDeadlines {
  headersMs: number;
  requestMs: number;
  /** How often open connections are checked against the deadlines. */
  checkEveryMs: number;
}

export const REQUEST_DEADLINES: RequestDeadlines = {
  headersMs: 10_000,
  requestMs: 30_000,
  checkEveryMs: 1_000,
};

/** A request that reached a draining server: nothing was done, so it is safe to send again. */
function refuseWhileDraining(res: ServerResponse): void {
  res.shouldKeepAlive = false;
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Retry-After': '1',
  });
  res.end(
    JSON.stringify(
      errorEnvelope(
        'the gateway is shutting down and took no action; send the request again',
        'overloaded',
      ),
    ),
  );
}

/**
 * What Node answers by itself to a request it cannot read (a request line or
 * header that is not HTTP, headers past its 16 KB limit, a request not in
 * by its deadline), before any handler runs: by the error's code, as Node
 * does in lib/_http_server.js, and 400 for any other.
 */
const unreadable: Readonly<
  Record<string, { status: number; reason: string; code: ErrorCode; message: string }>
> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'payload_too_large',
    message: 'the request line and headers exceed what this server reads (16 KB)',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    code: 'payload_too_large',
    message: 'the chunk extensions of the request body are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'bad_request',
    message: 'the request did not arrive in time',
  },
};
const notHttp = {
  status: 400,
  reason: 'Bad Request',
  code: 'bad_request',
  message:
    'the request could not be read as HTTP/1.1: a malformed request line or header (a path must percent-encode anything beyond ASCII)',
} as const;

/**
 * Node's own answers to those requests have an empty body; these carry the
 * error envelope, as every other answer does. Like Node, it answers only
 * while no answer has begun on the connection (one would be corrupted), and
 * then closes it: what follows on it cannot be trusted to start a request.
 */
function refuseUnreadable(
  error: Error,
  socket: Duplex,
  underWay: ReadonlySet<ServerResponse>,
): void {
  const answering = [...underWay].some((res) => res.socket === socket && res.headersSent);
  if (socket.writable && !answering) {
    const known =
      'code' in error && typeof error.code === 'string' ? unreadable[error.code] : undefined;
    const { status, reason, code, message } = known ?? notHttp;
    const body = JSON.stringify(errorEnvelope(message, code));
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Listens and resolves once bound, so callers learn the port a `0` picked. */
export async function listen(
  app: RequestListener,
  port: number,
  host: string,
  deadlines: RequestDeadlines = REQUEST_DEADLINES,
): Promise<Listening> {
  const underWay = new Set<ServerResponse>();
  let draining = false;
  const server = createServer(
    {
      headersTimeout: deadlines.headersMs,
      requestTimeout: deadlines.requestMs,
      connectionsCheckingInterval: deadlines.checkEveryMs,
    },
    (req, res) => {
      if (draining) {
        refuseWhileDraining(res);
        return;
      }
      underWay.add(res);
      res.once('close', () => {
        underWay.delete(res);
        // Node keeps a connection whose answer ended open for another
        // keepAliveTimeout even after server.close(); an answer that began
        // before the drain (an event stream) was already promised keep-alive.
        if (draining) server.closeIdleConnections();
      });
      app(req, res);
    },
  );
  server.on('clientError', (error, socket) => {
    refuseUnreadable(error, socket, underWay);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // One promise: a second server.close() would fail with "not running".
  let closed: Promise<void> | undefined;
  const stopAccepting = () =>
    (closed ??= new Promise<void>((resolve) => {
      // Also closes the connections idle at this moment.
      server.close(() => {
        resolve();
      });
    }));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => {
      const done = stopAccepting();
      server.closeAllConnections();
      return done;
    },
    drain: () => {
      draining = true;
      const done = stopAccepting();
      // Their answers say "Connection: close", so that clients do not send
      // the next request down a connection that is about to go.
      for (const res of underWay) if (!res.headersSent) res.shouldKeepAlive = false;
      return done;
    },
  };
}
