/**
 * `npm start`: build when the build is missing or older than its sources,
 * then run the built server in the foreground as if it were started directly.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale';

const root = fileURLToPath(new URL('..', import.meta.url));

buildIfStale();

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
