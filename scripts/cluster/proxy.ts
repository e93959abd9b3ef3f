import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorEnvelope } from '@crm/shared/errors';

/**
 * The load balancer of `npm run cluster`: round robin over the gateway
 * instances, streaming both ways (server-sent events included), the way a
 * production balancer in front of several gateways would behave. It exists
 * to try the cluster on one machine, not to serve production traffic.
 */

export interface ProxyOptions {
  /** The instances' origins, e.g. `http://127.0.0.1:3101`. */
  targets: readonly string[];
  port?: number;
  host?: string;
}

export interface RunningProxy {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * Per-connection headers (RFC 9110 §7.6.1): they describe one hop, so they
 * are not passed on; Node frames each side's body itself.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

function forwardedHeaders(req: IncomingMessage): IncomingHttpHeaders {
  const client = req.socket.remoteAddress ?? 'unknown';
  // Node joins repeated X-Forwarded-For headers into one string.
  const before = req.headers['x-forwarded-for'] as string | undefined;
  return {
    ...withoutHopByHop(req.headers),
    'x-forwarded-for': before ? `${before}, ${client}` : client,
    'x-forwarded-proto': 'http',
    ...(req.headers.host ? { 'x-forwarded-host': req.headers.host } : {}),
  };
}

/** Reads: asking a second instance after the first died on it is safe. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request that failed before any answer may go to the next
 * instance: a refused connection carried nothing, whatever the method; a
 * connection reset (an instance killed between accepting the connection and
 * answering) may have carried the request, so only a read is sent again.
 */
function mayRetry(error: NodeJS.ErrnoException, method: string | undefined): boolean {
  if (error.code === 'ECONNREFUSED') return true;
  return error.code === 'ECONNRESET' && IDEMPOTENT.has(method ?? '');
}

function badGateway(res: ServerResponse, message: string): void {
  if (res.headersSent) {
    // Part of the answer went out: cutting the connection is the only honest end.
    res.destroy();
    return;
  }
  res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(errorEnvelope(message, 'upstream_unreachable')));
}

export async function startProxy({
  targets,
  port = 0,
  host = '127.0.0.1',
}: ProxyOptions): Promise<RunningProxy> {
  if (targets.length === 0) throw new Error('the proxy needs at least one target');
  const upstreams = targets.map((target) => new URL(target));
  let next = 0;

  /**
   * Sends the request to the instance at `index`, or, when that instance
   * fails it before answering in a way `mayRetry` allows (it is stopped or
   * was killed), to the next one, until every instance has been tried. The
   * body is piped only once a connection is established, so a refused
   * connection leaves it unread for the next instance.
   */
  const forward = (req: IncomingMessage, res: ServerResponse, index: number, tried: number) => {
    const target = upstreams[index % upstreams.length];
    if (!target || tried >= upstreams.length) {
      badGateway(res, 'No gateway instance accepted the connection');
      return;
    }
    const upstream = request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: forwardedHeaders(req),
      // A connection per request: a killed instance then shows as a refused
      // connection, never as a pooled socket that dies mid-request.
      agent: false,
    });
    upstream.once('socket', (socket) => {
      // The headers go at once: a client may wait for the answer before sending its body.
      const send = () => {
        upstream.flushHeaders();
        // A read sent again after a reset: its (empty) body was read already.
        if (req.readableEnded) upstream.end();
        else req.pipe(upstream);
      };
      if (socket.connecting) socket.once('connect', send);
      else send();
    });
    let answered = false;
    upstream.once('response', (answer) => {
      answered = true;
      res.writeHead(
        answer.statusCode ?? 502,
        answer.statusMessage,
        withoutHopByHop(answer.headers),
      );
      // The headers go out at once and each chunk as it comes, nothing held
      // back: an EventSource opens on the headers, not on the first event.
      res.flushHeaders();
      answer.pipe(res);
      // The instance died mid-answer: the client must see a cut, not a clean end.
      answer.once('close', () => {
        if (!answer.complete) res.destroy();
      });
    });
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (!answered && mayRetry(error, req.method)) {
        forward(req, res, index + 1, tried + 1);
        return;
      }
      badGateway(res, `The gateway instance failed: ${error.message}`);
    });
    // The client went away (a closed EventSource, say): so does the upstream request.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
  };

  const server = createServer((req, res) => {
    const start = next;
    next = (next + 1) % upstreams.length;
    forward(req, res, start, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        // Open event streams would hold close() forever.
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
