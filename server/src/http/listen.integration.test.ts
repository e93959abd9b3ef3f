import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { listen, type Listening } from './listen';

let listening: Listening | undefined;

afterEach(async () => {
  await listening?.close();
  listening = undefined;
});

/** Sends `head` and then nothing more; resolves with what the server answered and when it hung up. */
function trickle(
  port: number,
  head: string,
  encoding: BufferEncoding = 'utf8',
): Promise<{ answer: string; afterMs: number }> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head, encoding);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      resolve({ answer, afterMs: Date.now() - startedAt });
    });
  });
}

describe('listen', () => {
  const deadlines = { headersMs: 300, requestMs: 600, checkEveryMs: 50 };

  it('answers 408 and hangs up on a client that never finishes its body', async () => {
    let reached = false;
    listening = await listen(
      (req, res) => {
        // The handler reads the body, as the JSON parser would.
        req.on('data', () => undefined);
        req.on('end', () => {
          reached = true;
          res.end('ok');
        });
      },
      0,
      '127.0.0.1',
      deadlines,
    );
    const { answer, afterMs } = await trickle(
      listening.port,
      'POST /api/session HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(5_000);
    expect(reached).toBe(false);
  });

  it('lets an answer run past the deadlines once the request is in (event streams)', async () => {
    listening = await listen(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write('data: first\n\n');
        setTimeout(() => {
          res.end('data: last\n\n');
        }, 1_000);
      },
      0,
      '127.0.0.1',
      deadlines,
    );
    const response = await fetch(`http://127.0.0.1:${listening.port}/api/events`);
    expect(await response.text()).toBe('data: first\n\ndata: last\n\n');
  });

  it('hangs up on a client that never finishes its headers', async () => {
    listening = await listen(() => undefined, 0, '127.0.0.1', deadlines);
    const { answer, afterMs } = await trickle(listening.port, 'GET /api/health HTTP/1.1\r\nHost: ');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(afterMs).toBeLessThan(5_000);
  });

  // Found by the fuzz suite: Node's own answers to these had an empty body.
  it.each([
    [
      'a path with raw bytes beyond ASCII',
      'GET /api/\u00e9\u00ff HTTP/1.1\r\nHost: gateway\r\n\r\n',
      400,
    ],
    [
      'headers past 16 KB',
      `GET /api/health?q=${'x'.repeat(20_000)} HTTP/1.1\r\nHost: gateway\r\n\r\n`,
      431,
    ],
    ['a request not in by its deadline', 'GET /api/health HTTP/1.1\r\nHost: ', 408],
  ])('refuses %s in the error envelope and hangs up', async (_, head, status) => {
    let reached = false;
    listening = await listen(
      (_req, res) => {
        reached = true;
        res.end('ok');
      },
      0,
      '127.0.0.1',
      deadlines,
    );
    // latin1: each character one byte, as a client that does not encode would send it.
    const { answer } = await trickle(listening.port, head, 'latin1');
    const [headers = '', body = ''] = answer.split('\r\n\r\n');
    expect(headers).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(headers).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
    expect(headers).toMatch(/\r\nConnection: close/);
    expect(errorEnvelopeSchema.parse(JSON.parse(body)).error.message).not.toBe('');
    expect(reached).toBe(false);
  });
});

/** A raw connection, to send a request in parts; resolves with all it was answered once closed. */
function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let answer = '';
  socket.on('data', (chunk: string) => {
    answer += chunk;
  });
  const closed = new Promise<string>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(answer);
    });
  });
  return { socket, closed, answer: () => answer };
}

describe('listen: drain', () => {
  /** Answers /hold when release() is called, anything else at once. */
  async function holdingServer() {
    const held: (() => void)[] = [];
    let arrived = (): void => undefined;
    const holding = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const server = await listen(
      (req, res) => {
        if (req.url !== '/hold') {
          res.end('quick');
          return;
        }
        held.push(() => res.end('held'));
        arrived();
      },
      0,
      '127.0.0.1',
    );
    listening = server;
    // Node's own default would keep a finished keep-alive connection, and so the drain, for 5 s.
    server.server.keepAliveTimeout = 600_000;
    return {
      server,
      holding,
      release: () => {
        for (const end of held) end();
      },
    };
  }

  it('lets an answer under way finish as the last on its connection, then resolves', async () => {
    const { server, holding, release } = await holdingServer();
    const answer = fetch(`http://127.0.0.1:${server.port}/hold`);
    await holding;
    const drained = server.drain();
    release();
    const response = await answer;
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.text()).toBe('held');
    await drained;
  });

  it('ends an answer already streaming when it finishes, not a keep-alive timeout later', async () => {
    let streaming = (): void => undefined;
    const started = new Promise<void>((resolve) => {
      streaming = resolve;
    });
    let finish = (): void => undefined;
    const server = await listen(
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write(': first\n\n');
        finish = () => res.end(': last\n\n');
        streaming();
      },
      0,
      '127.0.0.1',
    );
    listening = server;
    server.server.keepAliveTimeout = 600_000;
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`);
    await started;
    const drained = server.drain();
    finish();
    expect(await response.text()).toBe(': first\n\n: last\n\n');
    await drained;
  });

  it('closes idle keep-alive connections at once and answers 503 to a request completed during the drain', async () => {
    const { server } = await holdingServer();
    const idle = rawConnection(server.port);
    idle.socket.write('GET /quick HTTP/1.1\r\nHost: gateway\r\n\r\n');
    await vi.waitFor(() => {
      expect(idle.answer()).toMatch(/quick$/);
    });
    // A client halfway through its headers when the drain begins.
    const parsed = new Promise<void>((resolve) => {
      // Node's own data listener, which parses, was attached first.
      server.server.once('connection', (socket: Socket) => {
        socket.once('data', () => {
          resolve();
        });
      });
    });
    const late = rawConnection(server.port);
    late.socket.write('GET /hold HTTP/1.1\r\nHost: gateway\r\n');
    await parsed;
    const drained = server.drain();
    expect(await idle.closed).toMatch(/^HTTP\/1\.1 200/);
    late.socket.write('\r\n');
    const refused = await late.closed;
    expect(refused).toMatch(/^HTTP\/1\.1 503/);
    expect(refused).toMatch(/\r\nConnection: close\r\n/i);
    expect(refused).toMatch(/"code":"overloaded"/);
    expect(refused).toMatch(/shutting down and took no action/);
    await drained;
  });
});
