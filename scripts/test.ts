/**
 * `npm test`: every check the project has, cheapest first, stopping at the
 * first failure, then one summary of all of it. Output streams live so a
 * long run shows where it is; the JSON reports feed the summary.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatStepTable,
  formatTotals,
  parsePlaywrightReport,
  parseVitestReport,
  runFailed,
  totalCounts,
  type Counts,
  type StepResult,
} from './test-summary';

const root = fileURLToPath(new URL('..', import.meta.url));
const reportsDir = join(root, '.reports');
const bin = join(root, 'node_modules', '.bin');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

type Command = readonly [string, ...string[]];

interface StepOutcome {
  ok: boolean;
  counts?: Counts;
}

interface Step {
  name: string;
  run: () => Promise<StepOutcome>;
}

// Set from a signal handler; read through a function so the compiler does
// not assume it keeps the value it had before an await.
let interruptedBySignal = false;
const interrupted = () => interruptedBySignal;

const steps: Step[] = [
  { name: 'lint', run: () => runAll([['eslint', '.', '--max-warnings', '0']]) },
  { name: 'format', run: () => runAll([['prettier', '--check', '.']]) },
  {
    name: 'typecheck',
    run: () =>
      runAll([
        ['tsc', '-p', 'shared'],
        ['tsc', '-p', 'server'],
        ['tsc', '-p', 'client'],
        ['tsc', '-p', 'e2e'],
        ['tsc', '-p', '.'],
      ]),
  },
  { name: 'unit', run: () => runVitest('unit', ['unit-node', 'unit-client']) },
  { name: 'integration', run: () => runVitest('integration', ['integration']) },
  { name: 'e2e', run: runEndToEnd },
];

async function main(): Promise<number> {
  // Ctrl-C reaches the running child too (same process group); staying alive
  // long enough to print the summary is all this process has to do.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interruptedBySignal = true;
    });
  }

  mkdirSync(reportsDir, { recursive: true });
  const results: StepResult[] = [];
  for (const step of steps) {
    if (interrupted() || runFailed(results)) {
      results.push({ name: step.name, status: 'not run', durationMs: 0 });
      continue;
    }
    banner(step.name);
    const started = performance.now();
    let outcome: StepOutcome;
    try {
      outcome = await step.run();
    } catch (error) {
      console.error(`✗ ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      outcome = { ok: false };
    }
    results.push({
      name: step.name,
      status: outcome.ok && !interrupted() ? 'passed' : 'failed',
      durationMs: performance.now() - started,
      ...(outcome.counts ? { counts: outcome.counts } : {}),
    });
  }

  const totals = totalCounts(results);
  process.stdout.write(`\n${formatStepTable(results)}\n\n${formatTotals(totals)}\n`);
  if (interrupted()) return 130;
  return runFailed(results) ? 1 : 0;
}

async function runVitest(step: string, projects: readonly string[]): Promise<StepOutcome> {
  const reportPath = join(reportsDir, `${step}.json`);
  rmSync(reportPath, { force: true });
  const code = await run([
    'vitest',
    'run',
    ...projects.flatMap((project) => ['--project', project]),
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${reportPath}`,
  ]);
  return withReport(code, reportPath, parseVitestReport);
}

async function runEndToEnd(): Promise<StepOutcome> {
  if (!existsSync(chromiumPath)) {
    console.error(
      `Chromium not found at ${chromiumPath}: install it with "sudo apt-get update && sudo apt-get install -y chromium", or set CHROMIUM_PATH`,
    );
    return { ok: false };
  }
  // Playwright serves the built app (node server/dist/index.js), as `npm start` would.
  if ((await run(['npm', 'run', 'build'])) !== 0) return { ok: false };

  const reportPath = join(reportsDir, 'e2e.json');
  rmSync(reportPath, { force: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  try {
    const port = await findFreePort();
    const emulatorPort = await findFreePort();
    const code = await run(['playwright', 'test'], {
      E2E_PORT: String(port),
      E2E_EMULATOR_PORT: String(emulatorPort),
      E2E_DATA_DIR: dataDir,
      CHROMIUM_PATH: chromiumPath,
    });
    return withReport(code, reportPath, parsePlaywrightReport);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function withReport(
  code: number,
  reportPath: string,
  parse: (report: unknown) => Counts,
): StepOutcome {
  if (!existsSync(reportPath)) {
    console.error(`✗ no report at ${reportPath}`);
    return { ok: false };
  }
  try {
    const counts = parse(JSON.parse(readFileSync(reportPath, 'utf8')));
    return { ok: code === 0 && counts.failed === 0, counts };
  } catch (error) {
    console.error(
      `✗ unreadable report ${reportPath}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { ok: false };
  }
}

async function runAll(commands: readonly Command[]): Promise<StepOutcome> {
  for (const command of commands) {
    if ((await run(command)) !== 0) return { ok: false };
  }
  return { ok: true };
}

function run(command: Command, env: Record<string, string> = {}): Promise<number> {
  const [name, ...args] = command;
  process.stdout.write(`$ ${command.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(name, args, {
      cwd: root,
      stdio: 'inherit',
      // The project's own tools first, as `npm run` would, so `tsx scripts/test.ts` works too.
      env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, ...env },
    });
    child.on('error', (error) => {
      console.error(`✗ could not start ${name}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not find a free port'));
      });
    });
  });
}

function banner(name: string): void {
  process.stdout.write(`\n━━ ${name} ${'━'.repeat(Math.max(0, 60 - name.length))}\n`);
}

process.exitCode = await main();
