import { LoadError } from './load-error';

/** What the filters hand a picker: the control's id (its label points at it) and the choice. */
export interface PickerProps {
  id: string;
  value: string | null;
  onChange: (id: string) => void;
}

export interface PickerOption {
  id: string;
  name: string;
}

/** Options under a heading (an organization, a contact book); null when there is only one group. */
export interface PickerOptionGroup {
  label: string | null;
  options: PickerOption[];
}

export interface OptionPickerProps extends PickerProps {
  /** "team", "label": what the options are, for the placeholder and the empty state. */
  noun: string;
  groups: PickerOptionGroup[];
  isPending: boolean;
  error: Error | null;
  onRetry: () => void;
}

/**
 * A select over options another feature reads. A value the options do not
 * (yet) hold still shows as chosen, so a URL naming a team renders that team
 * selected before the teams arrive, and a deleted one says so.
 */
export function OptionPicker({
  id,
  value,
  onChange,
  noun,
  groups,
  isPending,
  error,
  onRetry,
}: OptionPickerProps) {
  const known = groups.some((group) => group.options.some((option) => option.id === value));
  const empty = !isPending && !error && groups.every((group) => group.options.length === 0);
  return (
    <>
      <select
        id={id}
        className="conversation-filter-select"
        value={value ?? ''}
        aria-busy={isPending}
        onChange={(event) => {
          if (event.target.value) onChange(event.target.value);
        }}
      >
        <option value="" disabled>
          {isPending ? `Loading ${noun}s…` : `Choose a ${noun}`}
        </option>
        {value && !known && (
          <option value={value}>{isPending ? 'Loading…' : `Unknown ${noun}`}</option>
        )}
        {groups.map((group, index) =>
          group.label === null ? (
            group.options.map((option) => <Option key={option.id} option={option} />)
          ) : (
            <optgroup key={`${group.label}-${index}`} label={group.label}>
              {group.options.map((option) => (
                <Option key={option.id} option={option} />
              ))}
            </optgroup>
          ),
        )}
      </select>
      {empty && <p className="conversation-filter-hint">No {noun}s yet.</p>}
      {error && <LoadError error={error} onRetry={onRetry} />}
    </>
  );
}

function Option({ option }: { option: PickerOption }) {
  return <option value={option.id}>{option.name}</option>;
}
