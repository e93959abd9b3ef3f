import { useId } from 'react';
import './filters.css';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSelectProps {
  label: string;
  value: string;
  options: readonly FilterOption[];
  onChange: (value: string) => void;
  disabled?: boolean;
  /** Said with the control, e.g. why it is disabled. */
  hint?: string | null;
  className?: string;
}

/** A labelled select for a list's filters, with an optional hint tied to it. */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  disabled = false,
  hint,
  className = 'filter-field',
}: FilterSelectProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={hintId} className="filter-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
