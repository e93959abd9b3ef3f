import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditListResponse, type AuditEntryView } from '@crm/shared/audit';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { UNKNOWN_OUTCOME } from './gateway/upstream';
import { listen, type Listening } from './http/listen';
import { GOODBYE } from './routes/events';

/**
 * SIGTERM mid-write, against the real process (`server/src/index.ts`, as
 * `npm run dev` runs it) in live mode, in front of a stand-in for Missive
 * that holds its answers to writes: every write Missive received is answered
 * to its client and in the audit log a restart reads, and the process exits 0.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ACCESS_KEY = 'sigterm-fault-test-access-key';
const MISSIVE_TOKEN = 'sigterm-fault-test-missive-token';
/** How long a test may take: a few starts of the server under tsx on a shared machine. */
const TEST_TIMEOUT_MS = 120_000;

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface StandInMissive {
  baseUrl: string;
  /** Resolves once this many writes have reached Missive. */
  received: (count: number) => Promise<void>;
  writesReceived: () => number;
}

/**
 * Missive as far as the gateway's start needs it (every list empty), and
 * slow to answer writes: after `writeLatencyMs`, or never.
 */
async function startMissive(writeLatencyMs: number | 'never'): Promise<StandInMissive> {
  let writes = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Listening = await listen(
    (req: IncomingMessage, res: ServerResponse) => {
      // /v1/<resource>/…: a list of that resource, empty.
      const resource = new URL(req.url ?? '/', 'http://missive').pathname.split('/')[2] ?? '';
      if (req.method === 'GET') {
        answer(res, 200, { [resource]: [] });
        return;
      }
      writes += 1;
      const id = `${resource}-${writes}`;
      for (const waiter of waiters.filter((waiter) => writes >= waiter.count)) waiter.resolve();
      req.resume();
      if (writeLatencyMs === 'never') return;
      setTimeout(() => {
        answer(res, 201, { [resource]: [{ id }] });
      }, writeLatencyMs);
    },
    0,
    '127.0.0.1',
  );
  cleanups.push(() => server.close());
  return {
    baseUrl: `http://127.0.0.1:${server.port}/v1`,
    received: (count) =>
      new Promise((resolve) => {
        if (writes >= count) resolve();
        else waiters.push({ count, resolve });
      }),
    writesReceived: () => writes,
  };
}

interface Gateway {
  origin: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => void;
  /** What the process printed, for a failure's message. */
  output: () => string;
}

/** The gateway as its own process, on a free port, told only what is given here. */
async function startGateway(missive: StandInMissive, env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      MISSIVE_API_TOKEN: MISSIVE_TOKEN,
      MISSIVE_API_BASE_URL: missive.baseUrl,
      APP_ACCESS_KEY: ACCESS_KEY,
      HOST: '127.0.0.1',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const origin = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = /dashboard:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (listening?.[1]) resolve(listening[1]);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then(({ code }) => {
      reject(new Error(`the gateway exited (${code}) before listening:\n${output}`));
    });
  });
  const gateway: Gateway = {
    origin,
    exited,
    stop: () => child.kill('SIGTERM'),
    output: () => output,
  };
  return gateway;
}

const auth = { Authorization: `Bearer ${ACCESS_KEY}` };

/** A canned response created through the proxy: a write that Missive's answer completes. */
function createResponse(gateway: Gateway, title: string) {
  return fetch(`${gateway.origin}/api/missive/v1/responses`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ responses: [{ title, body: `${title}.`, organization: 'org-1' }] }),
  });
}

/**
 * The clients' answers; a connection cut instead fails the test here rather
 * than as an unhandled rejection while an earlier expectation fails.
 */
async function answered(writes: Promise<PromiseSettledResult<Response>[]>): Promise<Response[]> {
  return (await writes).map((outcome) => {
    if (outcome.status === 'rejected') {
      throw new Error('a write went unanswered', { cause: outcome.reason });
    }
    return outcome.value;
  });
}

/** The audit log as a fresh start of the gateway on the same data directory reads it. */
async function auditAfterRestart(
  missive: StandInMissive,
  env: Record<string, string>,
): Promise<AuditEntryView[]> {
  const restarted = await startGateway(missive, env);
  const response = await fetch(`${restarted.origin}/api/audit?limit=100`, { headers: auth });
  expect(response.status).toBe(200);
  const { entries } = auditListResponse.parse(await response.json());
  restarted.stop();
  expect(await restarted.exited).toEqual({ code: 0, signal: null });
  return entries.filter((entry) => entry.endpoint === 'createResponses');
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'crm-sigterm-'));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

describe('SIGTERM mid-write', () => {
  it(
    'waits for writes Missive answers 6 s later (past the old 5 s cut), ends event streams politely, and exits 0',
    async () => {
      const missive = await startMissive(6_000);
      const env = { DATA_DIR: dataDir() };
      const gateway = await startGateway(missive, env);
      const session = await fetch(`${gateway.origin}/api/session`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ key: ACCESS_KEY }),
      });
      const { token } = z.object({ token: z.string() }).parse(await session.json());
      const stream = await fetch(`${gateway.origin}/api/events?token=${token}`);
      expect(stream.status).toBe(200);

      const titles = ['Refunds', 'Shipping', 'Warranty'];
      const writes = Promise.allSettled(titles.map((title) => createResponse(gateway, title)));
      await missive.received(titles.length);
      gateway.stop();

      // The stream ends with a goodbye, not a cut ("terminated" would reject).
      const streamed = await stream.text();
      expect(streamed.slice(-GOODBYE.length)).toBe(GOODBYE);
      // Nothing new is accepted meanwhile.
      await expect(fetch(`${gateway.origin}/api/health`)).rejects.toThrow();
      // Missive numbers the writes as they arrive, in whatever order the gateway sent them.
      const ids: unknown[] = [];
      for (const answer of await answered(writes)) {
        expect(answer.status).toBe(201);
        ids.push(await answer.json());
      }
      expect(ids).toEqual(
        expect.arrayContaining(
          titles.map((_, index) => ({ responses: [{ id: `responses-${index + 1}` }] })),
        ),
      );
      expect(ids).toHaveLength(titles.length);
      expect(await gateway.exited, gateway.output()).toEqual({ code: 0, signal: null });

      const audited = await auditAfterRestart(missive, env);
      expect(audited).toHaveLength(missive.writesReceived());
      for (const entry of audited) {
        expect(entry).toMatchObject({ upstreamStatus: 201, error: null });
        expect(entry.agent).toEqual(expect.any(String));
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers a write Missive never answers with "unknown outcome" when the grace ends, audits it, and exits 0',
    async () => {
      const missive = await startMissive('never');
      const env = { DATA_DIR: dataDir(), SHUTDOWN_GRACE_MS: '1500' };
      const gateway = await startGateway(missive, env);

      const titles = ['Returns', 'Opening hours'];
      const writes = Promise.allSettled(titles.map((title) => createResponse(gateway, title)));
      await missive.received(titles.length);
      gateway.stop();

      for (const answer of await answered(writes)) {
        expect(answer.status).toBe(504);
        const { error } = errorEnvelopeSchema.parse(await answer.json());
        expect(error.code).toBe('upstream_timeout');
        expect(error.message).toMatch(
          /shutting down .*may or may not have been applied, so check before repeating it/,
        );
      }
      expect(await gateway.exited, gateway.output()).toEqual({ code: 0, signal: null });

      const audited = await auditAfterRestart(missive, env);
      expect(audited).toHaveLength(missive.writesReceived());
      for (const entry of audited) {
        expect(entry.upstreamStatus).toBeNull();
        expect(entry.error).toMatch(new RegExp(`^${UNKNOWN_OUTCOME}: `));
        expect(entry.agent).toEqual(expect.any(String));
      }
      expect(audited.map((entry) => entry.requestBody)).toEqual(
        expect.arrayContaining(
          titles.map((title) => ({
            responses: [{ title, body: `${title}.`, organization: 'org-1' }],
          })),
        ),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
