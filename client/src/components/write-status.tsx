import { describeError } from '@/lib/describe-error';
import './write-status.css';

export interface WriteStatusProps {
  /** Shown while the write is on its way, e.g. "Saving…". */
  pending?: string | null;
  /** Shown once it succeeded. */
  success?: string | null;
  /** A failed call (described precisely) or a message of the form's own. */
  error?: Error | string | null;
}

/**
 * The feedback line under every form that writes: progress and success in a
 * polite live region, failures in an alert. The status region is always in
 * the page so screen readers announce a change as it happens.
 */
export function WriteStatus({ pending, success, error }: WriteStatusProps) {
  const text = pending ?? (error ? null : success) ?? '';
  return (
    <div className="write-status">
      <p role="status" className="write-status-progress">
        {text}
      </p>
      {error ? (
        <p role="alert" className="error">
          {typeof error === 'string' ? error : describeError(error)}
        </p>
      ) : null}
    </div>
  );
}
