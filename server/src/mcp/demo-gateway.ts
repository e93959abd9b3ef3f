import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A demo gateway for `npm run mcp` when no running one is named: the real
 * gateway, in a child process on the emulator, with a key made up for this
 * run and a data directory of its own (removed on exit). A child, not this
 * process, because the MCP stdio transport owns this process's stdout: the
 * gateway's logs go to stderr instead.
 */

export interface DemoGateway {
  origin: string;
  accessKey: string;
  stop: () => Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
/** An idle demo stops in well under a second; one that does not is killed. */
const STOP_TIMEOUT_MS = 5_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

async function waitUntilUp(origin: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const gone = exited();
    if (gone !== undefined)
      throw new Error(`the demo gateway stopped before it was ready (${gone})`);
    try {
      // Any answer means it listens; health needs no key.
      await fetch(`${origin}/api/health`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`the demo gateway did not start within ${READY_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function startDemoGateway(): Promise<DemoGateway> {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const dataDir = await mkdtemp(path.join(tmpdir(), 'missive-crm-mcp-'));
  const port = await freePort();
  const accessKey = randomBytes(18).toString('base64url');
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_ACCESS_KEY: accessKey,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  // Demo means the emulator, whatever token this shell happens to hold.
  delete env.MISSIVE_API_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/mcp/demo-child.ts'], {
    cwd: root,
    env,
    // stdin: held open, so that the child stops when this process dies (demo-child.ts).
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdout.pipe(process.stderr);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal ?? `exit code ${String(code)}`;
      resolve();
    });
  });
  const stop = async () => {
    if (exit === undefined) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(killer);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(origin, () => exit);
  } catch (error) {
    await stop();
    throw error;
  }
  return { origin, accessKey, stop };
}
