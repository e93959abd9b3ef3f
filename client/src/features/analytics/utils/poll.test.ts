import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { pollUntilReady, REPORT_SCHEDULE, type PollAttempt } from './poll';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A read that answers from `answers` in turn (null = 404, not ready), recording when it ran. */
function scripted(answers: (string | null | Error)[]) {
  const startedAt = Date.now();
  const calls: number[] = [];
  const read = vi.fn(() => {
    calls.push(Date.now() - startedAt);
    const answer = answers.shift() ?? null;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  });
  return { read, calls };
}

describe('pollUntilReady on the report schedule', () => {
  it('reads first at 5 s, then every 5 s, and stops at the first answer', async () => {
    const { read, calls } = scripted([null, null, 'report']);
    const attempts: PollAttempt[] = [];
    const outcome = pollUntilReady(read, { onAttempt: (attempt) => attempts.push(attempt) });

    await vi.advanceTimersByTimeAsync(4_999);
    expect(read).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([5_000]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([5_000, 10_000]);
    await vi.advanceTimersByTimeAsync(5_000);

    await expect(outcome).resolves.toEqual({
      status: 'ready',
      value: 'report',
      attempts: 3,
      elapsedMs: 15_000,
    });
    expect(calls).toEqual([5_000, 10_000, 15_000]);
    expect(attempts.map(({ attempt, elapsedMs }) => [attempt, elapsedMs])).toEqual([
      [1, 5_000],
      [2, 10_000],
    ]);
    // Nothing more is scheduled once the report is in.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('gives up after two minutes of 404s, having read 24 times', async () => {
    const { read, calls } = scripted([]);
    const outcome = pollUntilReady(read);
    await vi.advanceTimersByTimeAsync(REPORT_SCHEDULE.timeoutMs);
    await expect(outcome).resolves.toEqual({
      status: 'timeout',
      attempts: 24,
      elapsedMs: 120_000,
    });
    expect(calls.at(-1)).toBe(120_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledTimes(24);
  });

  it('waits out a rate limit for as long as Retry-After asks, then goes on', async () => {
    const limited = new ApiError(429, 'slow down', 'rate_limited', undefined, 12);
    const { read, calls } = scripted([limited, new ApiError(0, 'offline'), 'report']);
    const errors: (Error | null)[] = [];
    const outcome = pollUntilReady(read, { onAttempt: ({ error }) => errors.push(error) });
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(outcome).resolves.toMatchObject({ status: 'ready', attempts: 3 });
    expect(calls).toEqual([5_000, 17_000, 22_000]);
    expect(errors).toEqual([limited, expect.any(ApiError)]);
  });

  it('stops at once on an error waiting cannot fix', async () => {
    const { read } = scripted([null, new ApiError(401, 'bad key')]);
    const outcome = pollUntilReady(read);
    const failed = expect(outcome).rejects.toMatchObject({ status: 401 });
    await vi.advanceTimersByTimeAsync(10_000);
    await failed;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('stops when aborted, without another read', async () => {
    const { read } = scripted([]);
    const controller = new AbortController();
    const outcome = pollUntilReady(read, { signal: controller.signal });
    const aborted = expect(outcome).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(7_000);
    controller.abort();
    await aborted;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
