import { useId } from 'react';
import { Button } from '@/components/ui/button';

export interface Choice {
  id: string;
  label: string;
}

/**
 * A filter over a list (teams, users, labels, account types): nothing
 * ticked means "all", as in Missive's own reports. A long list scrolls
 * inside its box so the form keeps its shape.
 */
export function CheckboxGroup({
  legend,
  choices,
  selected,
  onChange,
  status,
}: {
  legend: string;
  choices: readonly Choice[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  /** Shown instead of the list: loading, failed, none to choose from. */
  status?: string | null;
}) {
  const hintId = useId();
  const chosen = new Set(selected);
  return (
    <fieldset className="analytics-choices" aria-describedby={hintId}>
      <legend>{legend}</legend>
      <p id={hintId} className="analytics-muted">
        {selected.length === 0 ? 'All' : `${selected.length} selected`}
        {selected.length > 0 ? (
          <>
            {' · '}
            <Button
              variant="link"
              aria-label={`Clear ${legend.toLowerCase()}`}
              onClick={() => {
                onChange([]);
              }}
            >
              Clear
            </Button>
          </>
        ) : null}
      </p>
      {status ? (
        <p className="analytics-muted">{status}</p>
      ) : (
        <ul className="analytics-choice-list">
          {choices.map((choice) => (
            <li key={choice.id}>
              <label>
                <input
                  type="checkbox"
                  checked={chosen.has(choice.id)}
                  onChange={(event) => {
                    onChange(
                      event.target.checked
                        ? [...selected, choice.id]
                        : selected.filter((id) => id !== choice.id),
                    );
                  }}
                />
                {choice.label}
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
