import { ApiError } from '@/lib/api-client';

/**
 * Missive builds a report asynchronously and recommends reading it 5 s after
 * creating it, then every 5 s until a 200. Most are ready within seconds,
 * some take 30 s or more; after two minutes something is wrong and the
 * person is better served by a clear message than by an endless spinner.
 */
export const REPORT_SCHEDULE = {
  firstDelayMs: 5_000,
  intervalMs: 5_000,
  timeoutMs: 120_000,
} as const;

export interface PollSchedule {
  firstDelayMs: number;
  intervalMs: number;
  /** No read starts later than this after polling began. */
  timeoutMs: number;
}

export interface PollAttempt {
  /** 1 for the first read. */
  attempt: number;
  elapsedMs: number;
  /** A passing failure (rate limit, network, Missive down): polling goes on. */
  error: Error | null;
}

export type PollOutcome<T> =
  | { status: 'ready'; value: T; attempts: number; elapsedMs: number }
  | { status: 'timeout'; attempts: number; elapsedMs: number };

export interface PollOptions {
  schedule?: PollSchedule;
  signal?: AbortSignal;
  /** After every read that did not produce the value. */
  onAttempt?: (attempt: PollAttempt) => void;
}

/**
 * Calls `read` on the schedule until it returns a value (null means "not
 * ready yet"). A rate limit, an unreachable gateway or a 5xx is waited out
 * (at least as long as Retry-After asks) until the deadline; any other
 * error ends polling at once, as does aborting `signal`.
 */
export async function pollUntilReady<T>(
  read: (signal: AbortSignal | undefined) => Promise<T | null>,
  { schedule = REPORT_SCHEDULE, signal, onAttempt }: PollOptions = {},
): Promise<PollOutcome<T>> {
  const startedAt = Date.now();
  let delay = schedule.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    await sleep(delay, signal);
    let error: Error | null = null;
    let value: T | null = null;
    try {
      value = await read(signal);
    } catch (caught) {
      if (!isPassing(caught)) throw caught;
      error = caught;
    }
    const elapsedMs = Date.now() - startedAt;
    if (value !== null) return { status: 'ready', value, attempts: attempt, elapsedMs };
    onAttempt?.({ attempt, elapsedMs, error });
    delay = Math.max(schedule.intervalMs, retryAfterMs(error));
    if (elapsedMs + delay > schedule.timeoutMs) {
      return { status: 'timeout', attempts: attempt, elapsedMs };
    }
  }
}

function isPassing(error: unknown): error is ApiError {
  return (
    error instanceof ApiError && (error.status === 0 || error.status === 429 || error.status >= 500)
  );
}

function retryAfterMs(error: Error | null): number {
  return error instanceof ApiError && error.retryAfter !== undefined ? error.retryAfter * 1000 : 0;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      if (signal) reject(abortReason(signal));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What fetch rejects with on abort, so callers treat both alike. */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('The operation was aborted.', 'AbortError');
}
