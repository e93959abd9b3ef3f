import { once } from 'node:events';
import { createServer, request, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from './proxy';

interface Running {
  url: string;
  close: () => Promise<void>;
}

const opened: Running[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function upstream(handler: RequestListener): Promise<Running> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed: Promise<void> | undefined;
  const running = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      })),
  };
  opened.push(running);
  return running;
}

/** An instance that answers with its name and what the proxy told it. */
function named(name: string): Promise<Running> {
  return upstream((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ name, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
  });
}

async function proxyTo(targets: Running[]): Promise<RunningProxy> {
  const proxy = await startProxy({ targets: targets.map((target) => target.url) });
  opened.push(proxy);
  return proxy;
}

async function nameAt(url: string): Promise<string> {
  const body = (await (await fetch(url)).json()) as { name: string };
  return body.name;
}

/** Reads the stream until `text` has arrived, without waiting for its end. */
async function readUntil(stream: ReadableStream<Uint8Array>, text: string): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let received = '';
  while (!received.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    received += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return received;
}

describe('the cluster proxy', () => {
  it('takes the instances in turn and says who the client is', async () => {
    const proxy = await proxyTo([await named('a'), await named('b')]);
    const names = [];
    for (let i = 0; i < 4; i += 1) names.push(await nameAt(`${proxy.url}/api/health`));
    expect(names).toEqual(['a', 'b', 'a', 'b']);
    const answer = (await (await fetch(proxy.url)).json()) as { forwardedFor: string };
    expect(answer.forwardedFor).toBe('127.0.0.1');
  });

  it('passes a request an instance refuses to the next one, for any method', async () => {
    const dead = await named('b');
    const proxy = await proxyTo([await named('a'), dead, await named('c')]);
    // Stopped once the proxy listens, so that the proxy cannot be given its port:
    // a port nothing listens on, what a killed instance leaves behind.
    await dead.close();
    const names = [];
    for (let i = 0; i < 6; i += 1) {
      const answer = await fetch(`${proxy.url}/api/session`, { method: 'POST', body: '{}' });
      names.push(((await answer.json()) as { name: string }).name);
    }
    expect(names).toEqual(['a', 'c', 'c', 'a', 'c', 'c']);
  });

  it('sends a read again, and only a read, when an instance dies after accepting it', async () => {
    // Killed between accepting the connection and answering: the socket is reset.
    const dying = await upstream((req) => {
      req.socket.destroy();
    });
    const proxy = await proxyTo([dying, await named('b')]);
    // Each request starts at the next instance: the first and the third at the dying one.
    expect(await nameAt(`${proxy.url}/api/health`)).toBe('b');
    expect(await nameAt(`${proxy.url}/api/health`)).toBe('b');
    // The write may have reached the instance: it is not sent twice.
    const write = await fetch(`${proxy.url}/api/session`, { method: 'POST', body: '{}' });
    expect(write.status).toBe(502);
  });

  it('answers 502 in the shared error envelope when every instance refuses', async () => {
    const only = await named('a');
    const proxy = await proxyTo([only]);
    await only.close();
    const answer = await fetch(`${proxy.url}/api/health`);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toEqual({
      error: {
        message: 'No gateway instance accepted the connection',
        code: 'upstream_unreachable',
      },
    });
  });

  it('streams server-sent events as they come, without waiting for the end', async () => {
    let send: (text: string) => void = () => undefined;
    const target = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      send = (text) => res.write(text);
    });
    const proxy = await proxyTo([target]);
    const answer = await fetch(`${proxy.url}/api/events`);
    // The headers arrived while the instance has written no event yet.
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    const body = answer.body;
    if (!body) throw new Error('no body');
    send('event: one\ndata: {}\n\n');
    expect(await readUntil(body, 'event: one')).toContain('event: one');
    send('event: two\ndata: {}\n\n');
    expect(await readUntil(body, 'event: two')).toContain('event: two');
    await body.cancel();
  });

  it('streams a request body through while it is still being sent', async () => {
    // The instance echoes each chunk as it arrives.
    const target = await upstream((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.flushHeaders();
      req.on('data', (chunk: Buffer) => res.write(chunk));
      req.on('end', () => res.end('|end'));
    });
    const proxy = await proxyTo([target]);
    const { port } = new URL(proxy.url);
    const outgoing = request({ host: '127.0.0.1', port, method: 'POST', path: '/webhooks/x' });
    outgoing.flushHeaders();
    const [answer] = (await once(outgoing, 'response')) as [NodeJS.ReadableStream];
    answer.setEncoding('utf8');
    let received = '';
    answer.on('data', (chunk: string) => {
      received += chunk;
    });
    const arrived = async (text: string) => {
      while (!received.includes(text)) await once(answer, 'data');
    };
    // The second chunk is written only after the first came back through the proxy.
    outgoing.write('first');
    await arrived('first');
    outgoing.write('second');
    await arrived('second');
    outgoing.end();
    await once(answer, 'end');
    expect(received).toBe('firstsecond|end');
  });
});
