import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReportRequest } from '@crm/shared/missive/analytics';
import { describeError } from '@/lib/describe-error';
import { useCreateReport } from '../api/create-report';
import { useReadReport } from '../api/get-report';
import { pollUntilReady, REPORT_SCHEDULE } from '../utils/poll';
import { requestKey } from '../utils/report-filters';
import { keepReport } from './use-saved-reports';

export type ReportRun =
  | { phase: 'idle' }
  | { phase: 'starting'; key: string; startedAt: number }
  | {
      phase: 'waiting';
      key: string;
      startedAt: number;
      /** Reads so far that found the report not ready. */
      attempts: number;
      /** Why the last read failed, when it was a passing failure (rate limit, network). */
      lastError: Error | null;
    }
  | {
      phase: 'done';
      key: string;
      search: string;
      attempts: number;
      elapsedMs: number;
      kept: boolean;
    }
  | { phase: 'failed'; key: string; message: string }
  | { phase: 'cancelled' };

/**
 * One report run: create it, read it on Missive's schedule until it is
 * finished, keep it in this browser. One run at a time; starting another,
 * cancelling or leaving the page stops the current one.
 */
export function useReportRun() {
  const [run, setRun] = useState<ReportRun>({ phase: 'idle' });
  const current = useRef<AbortController | null>(null);
  const { mutateAsync: createReport } = useCreateReport();
  const readReport = useReadReport();

  useEffect(
    () => () => {
      current.current?.abort();
    },
    [],
  );

  const start = useCallback(
    async (request: ReportRequest, search: string) => {
      current.current?.abort();
      const controller = new AbortController();
      current.current = controller;
      const { signal } = controller;
      const key = requestKey(request);
      const startedAt = Date.now();
      setRun({ phase: 'starting', key, startedAt });
      try {
        const { reports } = await createReport(request);
        // A creation is not aborted midway: a run cancelled meanwhile stops here.
        signal.throwIfAborted();
        setRun({ phase: 'waiting', key, startedAt, attempts: 0, lastError: null });
        const outcome = await pollUntilReady((readSignal) => readReport(reports.id, readSignal), {
          signal,
          onAttempt: ({ attempt, error }) => {
            setRun({ phase: 'waiting', key, startedAt, attempts: attempt, lastError: error });
          },
        });
        if (outcome.status === 'timeout') {
          setRun({ phase: 'failed', key, message: timeoutMessage(outcome.attempts) });
          return;
        }
        const kept = keepReport({
          key,
          search,
          request,
          report: outcome.value,
          savedAt: Date.now(),
        });
        setRun({
          phase: 'done',
          key,
          search,
          attempts: outcome.attempts,
          elapsedMs: Date.now() - startedAt,
          kept,
        });
      } catch (error) {
        // Cancelled, replaced or left: whoever aborted has already said what happens next.
        if (signal.aborted) return;
        const message = error instanceof Error ? describeError(error) : String(error);
        setRun({ phase: 'failed', key, message });
      } finally {
        if (current.current === controller) current.current = null;
      }
    },
    [createReport, readReport],
  );

  const cancel = useCallback(() => {
    current.current?.abort();
    current.current = null;
    setRun({ phase: 'cancelled' });
  }, []);

  return { run, start, cancel };
}

function timeoutMessage(attempts: number): string {
  const minutes = REPORT_SCHEDULE.timeoutMs / 60_000;
  return (
    `Missive had not finished the report after ${minutes} minutes (${attempts} checks), so this page stopped asking. ` +
    'Long periods in busy organizations can take longer: try a shorter period or fewer filters, or run it again in a few minutes.'
  );
}
