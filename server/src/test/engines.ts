import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real Redis and PostgreSQL servers from Debian's packages (`redis-server`,
 * `postgresql`), started on free loopback ports for tests, benchmarks and
 * `npm run cluster`, and stopped with them. Nothing is mocked: the gateway's
 * shared state is exercised against the engines it runs on in production.
 */

export interface RunningEngine {
  /** What REDIS_URL / DATABASE_URL would be set to. */
  url: string;
  port: number;
  /** Stops the server (as a crash would, for PostgreSQL: immediate) and removes its files. */
  stop: () => Promise<void>;
}

export interface RunningRedis extends RunningEngine {
  /** Kills the server and starts it again on the same port, empty: Redis restarted without persistence. */
  restart: () => Promise<void>;
  /** Stops the server but keeps its port: for "Redis is down" tests; `start` brings it back. */
  pause: () => Promise<void>;
  start: () => Promise<void>;
}

export interface RunningPostgres extends RunningEngine {
  /** A new empty database on this server, so that each test file has its own; returns its URL. */
  createDatabase: (name: string) => Promise<string>;
  /** Stops the server, keeping its data and port; `start` brings it back. */
  pause: () => Promise<void>;
  start: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function missing(what: string, pkg: string): Error {
  return new Error(
    `${what} was not found: install Debian's ${pkg} package (apt-get install ${pkg}); .ci/run does this on a fresh machine`,
  );
}

/** Resolves once something accepts connections on the port, or rejects after `timeoutMs`. */
async function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
}

function redisBinary(): string {
  const candidates = [
    process.env.REDIS_SERVER,
    '/usr/bin/redis-server',
    '/usr/local/bin/redis-server',
  ];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found) throw missing('redis-server', 'redis-server');
  return found;
}

export async function startRedis(): Promise<RunningRedis> {
  const binary = redisBinary();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    // Already running: a second server would fail on the port and hide the first.
    if (child && child.exitCode === null && child.signalCode === null) return;
    // No persistence: a test's Redis starts empty and leaves nothing behind.
    const started = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child = started;
    await waitForPort(port, started, 'redis-server');
  };
  const pause = async () => {
    const running = child;
    child = undefined;
    if (!running) return;
    running.kill('SIGKILL');
    await exited(running);
  };
  await start();
  const stopOnExit = () => child?.kill('SIGKILL');
  process.once('exit', stopOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    pause,
    restart: async () => {
      await pause();
      await start();
    },
    stop: async () => {
      process.off('exit', stopOnExit);
      await pause();
    },
  };
}

/** PostgreSQL refuses to run as root: its commands run as the `postgres` user then. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) throw missing('PostgreSQL (initdb under /usr/lib/postgresql/*/bin)', 'postgresql');
  return join(root, newest, 'bin');
}

function run(command: string, args: string[], what: string): void {
  const [program, programArgs] = asPostgres(command, args);
  const result = spawnSync(program, programArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`,
    );
  }
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBin();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'crm-postgres-'));
  if (process.getuid?.() === 0) {
    const user = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(user.stdout.trim()), Number(group.stdout.trim()));
  }
  const data = join(dir, 'data');
  // Trust on loopback only; fsync off: a test server's durability is not the point.
  run(
    join(bin, 'initdb'),
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'],
    'initdb',
  );
  const pgCtl = join(bin, 'pg_ctl');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  let running = false;
  const start = async () => {
    if (running) return;
    run(
      pgCtl,
      ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'],
      'pg_ctl start',
    );
    running = true;
    await Promise.resolve();
  };
  const pause = async () => {
    if (!running) return;
    run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
    running = false;
    await Promise.resolve();
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stopOnExit = () => {
    if (stopped) return;
    const [program, programArgs] = asPostgres(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
    spawnSync(program, programArgs);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  return {
    url,
    port,
    start,
    pause,
    createDatabase: async (name) => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
      run(
        join(bin, 'createdb'),
        ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name],
        'createdb',
      );
      await Promise.resolve();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop: async () => {
      process.off('exit', stopOnExit);
      stopOnExit();
      stopped = true;
      await Promise.resolve();
    },
  };
}
