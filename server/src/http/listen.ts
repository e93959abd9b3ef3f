import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  server: Server;
  port: number;
  /** Stops accepting, cuts open connections (keep-alive included) and resolves once closed. */
  close: () => Promise<void>;
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

/** Listens and resolves once bound, so callers learn the port a `0` picked. */
export async function listen(
  app: RequestListener,
  port: number,
  host: string,
  deadlines: RequestDeadlines = REQUEST_DEADLINES,
): Promise<Listening> {
  const server = createServer(
    {
      headersTimeout: deadlines.headersMs,
      requestTimeout: deadlines.requestMs,
      connectionsCheckingInterval: deadlines.checkEveryMs,
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
