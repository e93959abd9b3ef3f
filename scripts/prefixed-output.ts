import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The output of several children in one terminal (`npm run dev`, `npm run
 * cluster`), each line after the name of the child that wrote it.
 */

/** `[name]` padded to `width`, in ANSI colour `tint` when the terminal shows colours. */
export function outputLabel(name: string, width: number, tint: number): string {
  const label = `[${name.padEnd(width)}]`;
  return process.stdout.isTTY ? `\u001b[${tint}m${label}\u001b[0m ` : `${label} `;
}

/** Copies the child's piped stdout and stderr to ours, line by line, after `label`. */
export function prefixOutput(child: ChildProcess, label: string): void {
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      target.write(`${label}${line}\n`);
    });
  }
}
