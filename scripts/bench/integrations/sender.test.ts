import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../../../server/src/integrations/signatures';
import { firehoseDeliveries } from './deliveries';
import { sendFirehose } from './sender';

describe('sendFirehose', () => {
  /** A webhook endpoint that accepts everything, keeping the bodies it was sent and checking their signatures. */
  async function endpoint() {
    const bodies: string[] = [];
    let badlySigned = 0;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        bodies.push(body);
        if (req.headers['x-hub-signature-256'] !== `sha256=${hmacSha256Hex('bench', body)}`) {
          badlySigned += 1;
        }
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/integrations/github`,
      bodies,
      badlySigned: () => badlySigned,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        }),
    };
  }
  const deliveries = firehoseDeliveries(2);

  it('paced, sends delivery n at n ÷ rate seconds, whichever loop is free', async () => {
    const target = await endpoint();
    try {
      // 20 a second for 0.5 s: due at 0, 50, … 450 ms.
      const run = await sendFirehose(
        { url: target.url, secret: 'bench', concurrency: 4, rate: 20 },
        deliveries,
        Date.now() + 500,
      );
      expect(run.sent).toBe(10);
      expect(run.statuses).toEqual({ 202: 10 });
      // 6 bodies: the 7th sending on is each one's second, a body of its own.
      expect(new Set(target.bodies).size).toBe(10);
      expect(target.badlySigned()).toBe(0);
      expect(run.elapsedS).toBeGreaterThanOrEqual(0.45);
    } finally {
      await target.close();
    }
  });

  it('unpaced, sends each as soon as a loop is answered', async () => {
    const target = await endpoint();
    try {
      const run = await sendFirehose(
        { url: target.url, secret: 'bench', concurrency: 4, rate: null },
        deliveries,
        Date.now() + 300,
      );
      // Loopback answers in well under 10 ms: far more than a paced 20/s would send.
      expect(run.sent).toBeGreaterThan(30);
      expect(run.acceptedMs).toHaveLength(run.sent);
    } finally {
      await target.close();
    }
  });
});
