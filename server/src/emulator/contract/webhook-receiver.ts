import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local endpoint for webhook deliveries: it records every POST with its raw
 * bytes (signatures are computed over those, never over re-serialised JSON)
 * and answers with the statuses a test queues, 200 once they run out.
 */
export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: (path: string) => string;
  deliveries: (path: string) => Delivery[];
  /** The n-th delivery (0-based) to `path`, waiting for it up to `timeoutMs`. */
  delivery: (path: string, index?: number, timeoutMs?: number) => Promise<Delivery>;
  /** Answers the next requests to `path` with these statuses, in order. */
  failNext: (path: string, statuses: readonly number[]) => void;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Delivery[] = [];
  const queued = new Map<string, number[]>();
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = queued.get(path)?.shift() ?? 200;
      res.end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const deliveries = (path: string) => received.filter((delivery) => delivery.path === path);

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    deliveries,
    delivery: (path, index = 0, timeoutMs = 5000) =>
      new Promise<Delivery>((resolve, reject) => {
        const check = () => {
          const found = deliveries(path)[index];
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no delivery #${index} to ${path} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    failNext: (path, statuses) => {
      queued.set(path, [...(queued.get(path) ?? []), ...statuses]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/**
 * Checks `X-Hook-Signature` the way a receiver must: the hex HMAC-SHA256 of
 * the raw body with the hook's secret, with or without a `sha256=` prefix.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | string[] | undefined,
): boolean {
  if (typeof header !== 'string') return false;
  const presented = Buffer.from(header.replace(/^sha256=/, ''), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
