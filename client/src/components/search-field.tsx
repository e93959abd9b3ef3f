import { useEffect, useEffectEvent, useId, useState } from 'react';
import './filters.css';

export interface SearchFieldProps {
  label: string;
  /** The search in force (from the URL, say); a change from elsewhere, like Back, replaces the text. */
  value: string;
  /** Called with the trimmed text once typing pauses, or at once on Enter. */
  onCommit: (value: string) => void;
  /** Milliseconds of quiet before the text is searched. */
  delay?: number;
  placeholder?: string;
  className?: string;
}

/**
 * A search box that asks only once typing pauses. Its text is its own
 * state, so a keystroke re-renders the box and nothing else: the list it
 * filters changes when the search is committed, not on every letter.
 */
export function SearchField({
  label,
  value,
  onCommit,
  delay = 250,
  placeholder,
  className = 'filter-field',
}: SearchFieldProps) {
  const id = useId();
  const [text, setText] = useState(value);
  // What this box last searched for (or was given), and the value as last rendered.
  const [committed, setCommitted] = useState(value);
  const [seen, setSeen] = useState(value);
  // React's "adjust state when a prop changes". The value catching up with
  // this box's own search is no news; any other change came from elsewhere.
  if (value !== seen) {
    setSeen(value);
    if (value !== committed) {
      setCommitted(value);
      setText(value);
    }
  }

  const commit = useEffectEvent((next: string) => {
    setCommitted(next);
    onCommit(next);
  });

  useEffect(() => {
    const next = text.trim();
    if (next === committed) return;
    const timer = setTimeout(() => {
      commit(next);
    }, delay);
    return () => {
      clearTimeout(timer);
    };
  }, [text, committed, delay]);

  return (
    <div className={className}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          const next = text.trim();
          if (next !== committed) {
            setCommitted(next);
            onCommit(next);
          }
        }}
      />
    </div>
  );
}
