import { setTimeout as delay } from 'node:timers/promises';
import type { RequestListener } from 'node:http';
import { listen, type Listening } from '../http/listen';

/**
 * A stand-in for the network between the gateway and Missive: forwards every
 * request to `target`, records what passed, and can answer in Missive's
 * place (a 500, a malformed page) or slow requests down, so tests can break
 * the path without touching the emulator.
 */
export interface UpstreamProxy {
  /** What MISSIVE_API_BASE_URL would be. */
  baseUrl: string;
  /** Every request that reached the proxy, in order (what was spent on the token). */
  requests: URL[];
  /** Answers in Missive's place when it returns something; forwards when it returns undefined. */
  intercept:
    | ((
        url: URL,
      ) => { status: number; body: unknown; headers?: Record<string, string> } | undefined)
    | undefined;
  latencyMs: number;
  /** Missive goes away: the port stops listening, so connections are refused. */
  down: () => Promise<void>;
  /** Missive is back, on the same address. */
  up: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startUpstreamProxy(target: string): Promise<UpstreamProxy> {
  const targetUrl = new URL(target);
  const proxy: UpstreamProxy = {
    baseUrl: '',
    requests: [],
    intercept: undefined,
    latencyMs: 0,
    down: () => Promise.resolve(),
    up: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const handler: RequestListener = (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'proxy'}`);
      proxy.requests.push(url);
      if (proxy.latencyMs) await delay(proxy.latencyMs);
      const fake = proxy.intercept?.(url);
      if (fake) {
        res.writeHead(fake.status, { 'Content-Type': 'application/json', ...fake.headers });
        res.end(JSON.stringify(fake.body));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      // The proxy's paths are the target's: both start with /v1.
      const upstream = await fetch(`${targetUrl.origin}${url.pathname}${url.search}`, {
        method: req.method ?? 'GET',
        headers: {
          authorization: req.headers.authorization ?? '',
          'content-type': req.headers['content-type'] ?? 'application/json',
        },
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (name !== 'content-encoding' && name !== 'content-length') headers[name] = value;
      });
      res.writeHead(upstream.status, headers);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(502).end(String(error));
    });
  };
  let listening: Listening | undefined = await listen(handler, 0, '127.0.0.1');
  const port = listening.port;
  proxy.baseUrl = `http://127.0.0.1:${port}/v1`;
  proxy.down = async () => {
    await listening?.close();
    listening = undefined;
  };
  proxy.up = async () => {
    listening ??= await listen(handler, port, '127.0.0.1');
  };
  proxy.close = proxy.down;
  return proxy;
}
