import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { prefixOutput } from '../prefixed-output';

/** One gateway of `npm run cluster` (or of the multi-instance test): a server in a child process. */
export interface GatewayInstance {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** Settles when the process has exited, however it ended. */
  exited: Promise<void>;
}

export function startGateway({
  name,
  label,
  args,
  cwd,
  port,
  env,
}: {
  name: string;
  /** Put before each line the instance writes. */
  label: string;
  /** What node runs: the built server (`server/dist/index.js`), or its sources through tsx. */
  args: readonly string[];
  cwd: string;
  port: number;
  env: NodeJS.ProcessEnv;
}): GatewayInstance {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Out of the terminal's process group: Ctrl-C reaches only the cluster
    // script, which sends each instance one SIGTERM; a second signal would
    // make the server skip its graceful shutdown.
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`${name} could not be started`);
  prefixOutput(child, label);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  return { name, url: `http://127.0.0.1:${port}`, pid: child.pid, child, exited };
}

function hasExited(instance: GatewayInstance): boolean {
  return instance.child.exitCode !== null || instance.child.signalCode !== null;
}

/** Resolves once the instance answers its health check; rejects if it exits or takes too long. */
export async function waitUntilReady(instance: GatewayInstance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(instance)) {
      throw new Error(`${instance.name} exited before it was ready (see its output above)`);
    }
    const answered = await fetch(`${instance.url}/api/health`).then(
      (answer) => answer.ok,
      () => false,
    );
    if (answered) return;
    await delay(250);
  }
  throw new Error(`${instance.name} did not answer /api/health within ${timeoutMs / 1000} s`);
}

/**
 * SIGTERM to every instance still running, as an orchestrator would: each
 * ends its event streams and finishes its requests. One still running after
 * `graceMs` is killed.
 */
export async function stopGateways(
  instances: readonly GatewayInstance[],
  graceMs: number,
): Promise<void> {
  const running = instances.filter((instance) => !hasExited(instance));
  for (const instance of running) instance.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const instance of running) if (!hasExited(instance)) instance.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(running.map((instance) => instance.exited));
  clearTimeout(timer);
}
