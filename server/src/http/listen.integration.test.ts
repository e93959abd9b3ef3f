import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Listening } from './listen';

let listening: Listening | undefined;

afterEach(async () => {
  await listening?.close();
  listening = undefined;
});

/** Sends `head` and then nothing more; resolves with what the server answered and when it hung up. */
function trickle(port: number, head: string): Promise<{ answer: string; afterMs: number }> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
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
});
