import { formatFullTime, formatShortTime, toIsoTime } from './format';

/** A compact time with the full date and time on hover and in `dateTime`. */
export function TimeLabel({ seconds, className }: { seconds: number; className?: string }) {
  return (
    <time className={className} dateTime={toIsoTime(seconds)} title={formatFullTime(seconds)}>
      {formatShortTime(seconds)}
    </time>
  );
}
