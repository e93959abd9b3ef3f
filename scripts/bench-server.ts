/**
 * The built app as `npm start` runs it, for the sidebar benchmark: `node
 * server/dist/index.js` in demo mode (the emulator with Missive's limits and
 * a realistic latency, its organisation kept still) on a free loopback port,
 * with a throw-away data directory and none of the developer's own settings;
 * built first only when a build is missing. Plus what the benchmark asks of
 * it between visits: GET /api/limits until it is quiet, GET /api/sync until
 * the mirror is live.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { limitsReportSchema, type LimitsReport } from '@crm/shared/limits';
import { fetchSyncReport, waitForLiveMirror } from './bench-missive';

/** The server's address, from the `dashboard:` line it prints once it listens. */
export function originFromServerOutput(output: string): string | null {
  return /dashboard:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1] ?? null;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const SERVER_ENTRY = join(root, 'server/dist/index.js');
const CLIENT_ENTRY = join(root, 'client/dist/index.html');
/** The bearer key of the server under test, as the sidebar's URL fragment gives it. */
export const BENCH_SERVER_KEY = 'bench-sidebar-access-key-0123456789';
/** Settings of the developer's own environment that would change what is measured. */
const SERVER_SETTINGS =
  /^(MISSIVE_|EMULATOR_|GATEWAY_|SYNC_|PHONE_|DATABASE_URL$|SESSION_TTL_MS$|FRAME_ANCESTORS$|PORT$|HOST$|APP_ACCESS_KEY$|DATA_DIR$|LOG_LEVEL$)/;
const START_TIMEOUT_MS = 30_000;
/** The initial load takes seconds at the seed's size; minutes would mean something is wrong. */
const MIRROR_LOAD_TIMEOUT_MS = 300_000;

export interface BuildInfo {
  ranBuild: boolean;
  /** Why the build ran, when it did. */
  reason: string | null;
  /** When client/dist/index.html was written. */
  builtAt: string;
}

/** Builds only when an entry point is missing; an existing build is measured as it is. */
export function ensureBuild(log: (line: string) => void): BuildInfo {
  const missing = [SERVER_ENTRY, CLIENT_ENTRY].filter((path) => !existsSync(path));
  let reason: string | null = null;
  if (missing.length) {
    reason = `${missing.map((path) => path.slice(root.length)).join(' and ')} missing`;
    log(`sidebar bench: ${reason}, running npm run build first…`);
    // The build's output goes to stderr with the other progress lines.
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) throw new Error(`npm run build failed (${reason})`);
  }
  return {
    ranBuild: reason !== null,
    reason,
    builtAt: statSync(CLIENT_ENTRY).mtime.toISOString(),
  };
}

export interface RunningServer {
  origin: string;
  /** Resolves once GET /api/sync reports every object live; how long that took. */
  mirrorLive: () => Promise<number>;
  limits: () => Promise<LimitsReport>;
  stop: () => Promise<void>;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * `node server/dist/index.js` in demo mode on a port the system picks
 * (PORT=0, read back from what the server prints), with a fixed key and a
 * throw-away data directory. Resolves once /api/health answers.
 */
export async function startServer(latencyMs: number): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-sidebar-'));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !SERVER_SETTINGS.test(name)),
    ),
    PORT: '0',
    HOST: '127.0.0.1',
    APP_ACCESS_KEY: BENCH_SERVER_KEY,
    DATA_DIR: dataDir,
    EMULATOR_LATENCY_MS: String(latencyMs),
    // The catalog of conversations comes from an emulator of the same seed.
    EMULATOR_SEED: '1',
    // Demo mode's organisation lives by default: customers write in, colleagues
    // edit. Kept still here, so that every visit meets the same data.
    EMULATOR_ACTIVITY: 'off',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // Enough to explain a failed start; a long run's warnings must not pile up.
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // The server gives requests under way up to 5 s; past that, stop it outright.
      if (!(await waitForExit(child, 8000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 2000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the server printed no address within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
      const onData = () => {
        const found = originFromServerOutput(output);
        if (!found) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(found);
      };
      child.stdout.on('data', onData);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited at start (${signal ?? `code ${code}`})`));
      });
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const healthy = await fetch(`${origin}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
      if (Date.now() > deadline) throw new Error(`${origin}/api/health never answered 200`);
      await sleep(100);
    }
    const limits = async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server stopped during the run:\n${output.trim()}`);
      }
      const response = await fetch(`${origin}/api/limits`, {
        headers: { Authorization: `Bearer ${BENCH_SERVER_KEY}` },
      });
      if (!response.ok) throw new Error(`/api/limits answered ${response.status}`);
      return limitsReportSchema.parse(await response.json());
    };
    const mirrorLive = async () =>
      (
        await waitForLiveMirror(() => fetchSyncReport(origin, BENCH_SERVER_KEY), {
          timeoutMs: MIRROR_LOAD_TIMEOUT_MS,
        })
      ).waitedMs;
    return { origin, mirrorLive, limits, stop };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not start node server/dist/index.js: ${reason}\n${output.trim()}`, {
      cause: error,
    });
  }
}

const QUIET_MS = 150;
const SETTLE_TIMEOUT_MS = 15_000;

/**
 * Waits until the gateway has had nothing in flight or queued, and has
 * answered nothing new, for QUIET_MS: the page has finished loading what
 * it loads. Measuring only from a quiet gateway keeps the tail of one visit
 * (timeline, tasks, other conversations) out of the next one's time.
 */
export async function waitForQuiet(server: RunningServer): Promise<LimitsReport> {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  let fingerprint = '';
  let quietSince = performance.now();
  for (;;) {
    const report = await server.limits();
    const busy =
      report.budget.inFlight + report.queues.queued.interactive + report.queues.queued.background;
    const now = performance.now();
    const next = `${report.upstream.upstreamCalls}/${report.upstream.coalesced}/${report.cache.hits}/${report.cache.misses}`;
    if (busy > 0 || next !== fingerprint) {
      fingerprint = next;
      quietSince = now;
    } else if (now - quietSince >= QUIET_MS) return report;
    // A page that never stops reading must not stall the run; its calls
    // then count towards the next visit.
    if (now > deadline) return report;
    await sleep(25);
  }
}
