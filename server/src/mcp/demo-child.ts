/**
 * The demo gateway of `npm run mcp`, as its child process: the gateway
 * itself, stopped gracefully when its parent goes away for any reason, even
 * SIGKILL, which no handler in the parent sees. The parent holds this
 * process's stdin open; when the parent dies, the pipe closes.
 */
import { rmSync } from 'node:fs';

// The data directory is this run's alone: gone with it, however it ends.
const dataDir = process.env.DATA_DIR;
process.on('exit', () => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
process.stdin.on('end', () => {
  process.kill(process.pid, 'SIGTERM');
});
process.stdin.resume();
await import('../index');
