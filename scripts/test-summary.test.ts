import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatStepTable,
  formatTotals,
  parsePlaywrightReport,
  parseVitestReport,
  runFailed,
  totalCounts,
  type StepResult,
} from './test-summary';

describe('parseVitestReport', () => {
  it('reads passed, failed and skipped (pending + todo) tests', () => {
    const report = {
      numTotalTests: 10,
      numPassedTests: 6,
      numFailedTests: 1,
      numPendingTests: 2,
      numTodoTests: 1,
      success: false,
      testResults: [],
    };
    expect(parseVitestReport(report)).toEqual({ passed: 6, failed: 1, skipped: 3 });
  });

  it('refuses something that is not a report', () => {
    expect(() => parseVitestReport([])).toThrow(/not a JSON object/);
    expect(() => parseVitestReport({ numPassedTests: '3' })).toThrow(
      /numPassedTests is not a count/,
    );
  });
});

describe('parsePlaywrightReport', () => {
  it('counts flaky tests as passed and unexpected ones as failed', () => {
    const report = {
      stats: {
        startTime: '2025-01-01T00:00:00Z',
        duration: 1,
        expected: 4,
        unexpected: 1,
        flaky: 1,
        skipped: 2,
      },
      errors: [],
      suites: [],
    };
    expect(parsePlaywrightReport(report)).toEqual({ passed: 5, failed: 1, skipped: 2 });
  });

  it('counts an error outside any test as a failure', () => {
    const report = {
      stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 },
      errors: [{ message: 'webServer' }],
    };
    expect(parsePlaywrightReport(report)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('refuses a report without stats', () => {
    expect(() => parsePlaywrightReport({ suites: [] })).toThrow(/no stats/);
  });
});

describe('totals', () => {
  const steps: StepResult[] = [
    { name: 'lint', status: 'passed', durationMs: 1200 },
    {
      name: 'unit',
      status: 'passed',
      durationMs: 3400,
      counts: { passed: 40, failed: 0, skipped: 0 },
    },
    {
      name: 'integration',
      status: 'failed',
      durationMs: 9000,
      counts: { passed: 7, failed: 2, skipped: 1 },
    },
    { name: 'e2e', status: 'not run', durationMs: 0 },
  ];

  it('adds up every test runner', () => {
    expect(totalCounts(steps)).toEqual({ passed: 47, failed: 2, skipped: 1 });
    expect(formatTotals(totalCounts(steps))).toBe('47 passed, 2 failed, 1 skipped');
    expect(runFailed(steps)).toBe(true);
  });

  it('leaves skipped out of the line when nothing was skipped', () => {
    expect(formatTotals({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
  });

  it('counts a failed step without failed tests as one failure', () => {
    const lintFailed: StepResult[] = [
      { name: 'lint', status: 'failed', durationMs: 900 },
      { name: 'unit', status: 'not run', durationMs: 0 },
    ];
    expect(formatTotals(totalCounts(lintFailed))).toBe('0 passed, 1 failed');
    const crashed: StepResult[] = [
      {
        name: 'unit',
        status: 'failed',
        durationMs: 900,
        counts: { passed: 12, failed: 0, skipped: 0 },
      },
    ];
    expect(formatTotals(totalCounts(crashed))).toBe('12 passed, 1 failed');
  });

  it('reports success only when no step failed', () => {
    expect(runFailed([{ name: 'lint', status: 'passed', durationMs: 1 }])).toBe(false);
  });
});

describe('formatStepTable', () => {
  it('aligns one row a step, leaving counts blank where a step runs no tests', () => {
    const table = formatStepTable([
      { name: 'lint', status: 'passed', durationMs: 1200 },
      {
        name: 'unit',
        status: 'failed',
        durationMs: 450,
        counts: { passed: 40, failed: 1, skipped: 0 },
      },
      { name: 'e2e', status: 'not run', durationMs: 0 },
    ]);
    expect(table.split('\n')).toEqual([
      'Step  Result   Time   Passed  Failed  Skipped',
      '----  -------  -----  ------  ------  -------',
      'lint  passed   1.2s',
      'unit  failed   450ms  40      1       0',
      'e2e   not run',
    ]);
  });
});

describe('formatDuration', () => {
  it('picks a readable unit', () => {
    expect(formatDuration(12)).toBe('12ms');
    expect(formatDuration(2500)).toBe('2.5s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });
});
