import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The build `npm start` and `npm run cluster` run: made again when missing
 * or older than its sources, so that neither serves yesterday's code.
 */

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

/** Runs `npm run build` when needed; a failed build ends the process with its status. */
export function buildIfStale(): void {
  if (!buildIsStale()) return;
  process.stdout.write('The build is missing or older than the sources: running npm run build\n');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
