/**
 * `npm run dev`: the gateway under `tsx watch` and the Vite dev server side
 * by side, each line prefixed with its source. When either stops, or on
 * Ctrl-C, both stop, because a half-running dev setup only confuses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputLabel, prefixOutput } from './prefixed-output';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'node_modules', '.bin');
const color = process.stdout.isTTY;

interface Service {
  name: string;
  command: string;
  args: string[];
  /** ANSI colour code for the prefix. */
  tint: number;
}

const services: Service[] = [
  { name: 'server', command: join(bin, 'tsx'), args: ['watch', 'server/src/index.ts'], tint: 36 },
  { name: 'client', command: join(bin, 'vite'), args: [], tint: 35 },
];

const width = Math.max(...services.map((service) => service.name.length));
const children: ChildProcess[] = [];
const closed = new Set<ChildProcess>();
let stopping = false;
let exitCode = 0;

function start(service: Service): ChildProcess {
  const child = spawn(service.command, service.args, {
    cwd: root,
    // Piped output is not a TTY; keep the tools' colours when ours has them.
    env: color ? { ...process.env, FORCE_COLOR: '1' } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Out of the terminal's process group: Ctrl-C reaches only this script,
    // so each child gets one SIGTERM from stopAll instead of SIGINT and then
    // SIGTERM, which a server may read as "stop now, skip the clean shutdown".
    detached: true,
  });
  const label = outputLabel(service.name, width, service.tint);
  prefixOutput(child, label);
  child.on('error', (error) => {
    process.stderr.write(`${label}could not start: ${error.message}\n`);
    closed.add(child);
    stopAll(1);
  });
  // 'close', not 'exit': it comes after the last line of output was read.
  child.on('close', (code, signal) => {
    closed.add(child);
    if (!stopping) {
      process.stderr.write(
        `${label}exited (${signal ?? `code ${code ?? 0}`}); stopping the others\n`,
      );
    }
    stopAll(code ?? 1);
  });
  return child;
}

function stopAll(code: number): void {
  if (!stopping) {
    stopping = true;
    exitCode = code;
  }
  for (const child of children) {
    if (!closed.has(child)) child.kill('SIGTERM');
  }
  if (children.every((child) => closed.has(child))) process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopAll(signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129);
  });
}

for (const service of services) children.push(start(service));
