/**
 * How full something is (a rate window, the concurrency slots, the pacing
 * bucket): a bar with its figures in words beside it. role="meter" so a
 * screen reader hears "Requests in the last minute, 12 of 294".
 */
export interface MeterBarProps {
  label: string;
  value: number;
  max: number;
  valueText: string;
  detail?: string | null;
  /** Full is bad (windows, concurrency) or good (the pacing bucket's tokens). */
  fullIs?: 'bad' | 'good';
}

export function MeterBar({ label, value, max, valueText, detail, fullIs = 'bad' }: MeterBarProps) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const strain = fullIs === 'bad' ? share : 1 - share;
  const level = strain >= 0.9 ? 'high' : strain >= 0.7 ? 'medium' : 'low';
  return (
    <div className="operations-meter">
      <div className="operations-meter-label">
        <span>{label}</span>
        <span className="operations-meter-value">{valueText}</span>
      </div>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={valueText}
        className={`operations-meter-track operations-meter-${level}`}
      >
        <div className="operations-meter-fill" style={{ width: `${share * 100}%` }} />
      </div>
      {detail ? <p className="operations-muted">{detail}</p> : null}
    </div>
  );
}
