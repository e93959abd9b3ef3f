/**
 * Reading the JSON reports of Vitest and Playwright and adding them up, kept
 * free of I/O so the arithmetic that decides "did the run pass" is tested.
 */

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export type StepStatus = 'passed' | 'failed' | 'not run';

export interface StepResult {
  name: string;
  status: StepStatus;
  durationMs: number;
  /** Present for steps that run tests; absent for lint, format and typecheck. */
  counts?: Counts;
}

export const zeroCounts: Counts = { passed: 0, failed: 0, skipped: 0 };

/** Vitest's `--reporter=json` output (Jest's format). */
export function parseVitestReport(report: unknown): Counts {
  if (!isRecord(report)) throw new Error('the Vitest report is not a JSON object');
  return {
    passed: readCount(report, 'numPassedTests'),
    failed: readCount(report, 'numFailedTests'),
    skipped: readCount(report, 'numPendingTests') + readCount(report, 'numTodoTests'),
  };
}

/**
 * Playwright's JSON reporter. A flaky test passed on a retry, so it counts as
 * passed; an error outside any test (the web server not starting, a broken
 * spec file) has no test to fail, so it counts as one failure.
 */
export function parsePlaywrightReport(report: unknown): Counts {
  if (!isRecord(report)) throw new Error('the Playwright report is not a JSON object');
  const stats = report.stats;
  if (!isRecord(stats)) throw new Error('the Playwright report has no stats');
  const errors = Array.isArray(report.errors) ? report.errors.length : 0;
  return {
    passed: readCount(stats, 'expected') + readCount(stats, 'flaky'),
    failed: readCount(stats, 'unexpected') + errors,
    skipped: readCount(stats, 'skipped'),
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
  };
}

/**
 * The totals behind the final line. A step that failed without a failed test
 * to show for it (lint, a type error, a runner that crashed before reporting)
 * adds one failure, so the line can never read "0 failed" on a failing run.
 */
export function totalCounts(steps: readonly StepResult[]): Counts {
  let total = zeroCounts;
  for (const step of steps) {
    const counts = step.counts ?? zeroCounts;
    total = addCounts(total, counts);
    if (step.status === 'failed' && counts.failed === 0)
      total = addCounts(total, { ...zeroCounts, failed: 1 });
  }
  return total;
}

/** `N passed, N failed`, with `, N skipped` only when something was skipped. */
export function formatTotals(counts: Counts): string {
  const line = `${counts.passed} passed, ${counts.failed} failed`;
  return counts.skipped > 0 ? `${line}, ${counts.skipped} skipped` : line;
}

export function runFailed(steps: readonly StepResult[]): boolean {
  return steps.some((step) => step.status === 'failed');
}

/** A plain-text table, one row a step, for the end of the run. */
export function formatStepTable(steps: readonly StepResult[]): string {
  const header = ['Step', 'Result', 'Time', 'Passed', 'Failed', 'Skipped'];
  const rows = steps.map((step) => [
    step.name,
    step.status,
    step.status === 'not run' ? '' : formatDuration(step.durationMs),
    step.counts ? String(step.counts.passed) : '',
    step.counts ? String(step.counts.failed) : '',
    step.counts ? String(step.counts.skipped) : '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(header), rule, ...rows.map(format)].join('\n');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCount(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`the report's ${key} is not a count`);
  }
  return value;
}
