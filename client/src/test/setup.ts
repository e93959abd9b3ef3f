import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

// findBy/waitFor resolve the moment the UI gets there; the library's 1 s
// ceiling is only how long a starved machine may take. On a shared 2-core
// machine running the e2e suite beside this one, a file's first render took
// over 2 s (its module graph loading), failing a test whose UI was right.
configure({ asyncUtilTimeout: 5_000 });

// A console.error in a component test is almost always a real problem React
// or a library is reporting (an act() warning, a bad prop, a caught render
// error), so it fails the test, as in epic-stack. A test that expects one
// replaces the implementation: vi.mocked(console.error).mockImplementation(() => {}).
let unexpectedErrors: unknown[][] = [];

beforeEach(() => {
  unexpectedErrors = [];
  const original = console.error.bind(console);
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    unexpectedErrors.push(args);
    original(...args);
  });
});

afterEach(() => {
  cleanup();
  sessionStorage.clear();
  const errors = unexpectedErrors;
  unexpectedErrors = [];
  if (errors.length > 0) {
    throw new Error(
      `console.error was called ${errors.length} time(s); the first call: ${errors[0]?.map(String).join(' ') ?? ''}`,
    );
  }
});
