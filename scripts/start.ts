/**
 * `npm start`: build when the build is missing or older than its sources,
 * then run the built server in the foreground as if it were started directly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = ['client/dist/index.html', 'server/dist/index.js', 'server/dist/emulator.js'];
const sources = ['client/src', 'client/index.html', 'shared/src', 'server/src'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale(): boolean {
  const outputPaths = outputs.map((output) => join(root, output));
  if (outputPaths.some((output) => !existsSync(output))) return true;
  const oldestOutput = Math.min(...outputPaths.map((output) => statSync(output).mtimeMs));
  const newestSource = Math.max(...sources.map((source) => newestMtime(join(root, source))));
  return newestSource > oldestOutput;
}

if (buildIsStale()) {
  process.stdout.write('The build is missing or older than the sources: running npm run build\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// In its own process group, so a terminal's Ctrl-C reaches only this script,
// which passes it on exactly once: the server treats a second SIGINT as
// "stop now" and would skip its graceful shutdown.
const server = spawn(process.execPath, [join(root, 'server/dist/index.js')], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
  detached: true,
});

// tsx and npm above this script relay signals too; forward each kind once.
const forwarded = new Set<NodeJS.Signals>();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (forwarded.has(signal)) return;
    forwarded.add(signal);
    server.kill(signal);
  });
}

server.on('error', (error) => {
  console.error(`Could not start the server: ${error.message}`);
  process.exit(1);
});

server.on('exit', (code, signal) => {
  // A server ended by a signal reports it the shell's way: 128 + its number.
  if (code !== null) process.exit(code);
  const signals: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  process.exit(128 + (signal ? (signals[signal] ?? 1) : 1));
});
