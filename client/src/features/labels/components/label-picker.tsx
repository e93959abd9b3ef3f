import { useId, useState, type KeyboardEvent } from 'react';
import { filterLabels, type TreeLabel } from '../utils/label-tree';

/**
 * "Add label": a combobox over the label tree (WAI-ARIA combobox with a
 * listbox popup). Typing filters by the full path; arrows move, Enter
 * picks, Escape closes. Focus stays in the input throughout, the active
 * option is told to screen readers with aria-activedescendant.
 */
export function LabelPicker({
  labels,
  loading,
  onPick,
}: {
  labels: readonly TreeLabel[];
  loading: boolean;
  onPick: (label: TreeLabel) => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const matches = filterLabels(labels, text);
  const active = open ? matches[Math.min(activeIndex, matches.length - 1)] : undefined;
  const filtering = text.trim() !== '';

  function pick(label: TreeLabel) {
    onPick(label);
    setText('');
    setOpen(false);
    setActiveIndex(0);
  }

  function move(by: number) {
    if (!open) {
      setOpen(true);
      return;
    }
    if (matches.length === 0) return;
    setActiveIndex(
      (index) => (Math.min(index, matches.length - 1) + by + matches.length) % matches.length,
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter' && active) pick(active);
    else if (event.key === 'Escape' && open) setOpen(false);
    else if (event.key === 'Escape') setText('');
    else return;
    event.preventDefault();
  }

  return (
    <div className="labels-picker">
      <label htmlFor={`${id}-input`}>Add label</label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        placeholder="Type to filter labels"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active ? `${id}-option-${active.id}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActiveIndex(0);
          setOpen(true);
        }}
        onClick={() => {
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
        }}
      />
      <ul id={listId} role="listbox" aria-label="Labels" className="labels-options" hidden={!open}>
        {matches.map((label) => (
          <li
            key={label.id}
            id={`${id}-option-${label.id}`}
            role="option"
            aria-selected={label === active}
            className="labels-option"
            // Without filtering the list reads as the tree; filtered, the
            // full paths already say where each match sits.
            style={{ paddingInlineStart: `${0.5 + (filtering ? 0 : label.depth) * 0.875}rem` }}
            // Keep focus in the input so the click does not blur and close first.
            onMouseDown={(event) => {
              event.preventDefault();
            }}
            onClick={() => {
              pick(label);
            }}
          >
            <LabelSwatch color={label.color} />
            {label.path}
          </li>
        ))}
      </ul>
      {open && matches.length === 0 ? (
        <p className="labels-hint">
          {loading
            ? 'Loading labels…'
            : labels.length === 0
              ? 'Every label is already applied.'
              : `No label matches “${text}”.`}
        </p>
      ) : null}
    </div>
  );
}

export function LabelSwatch({ color }: { color: string | null }) {
  return (
    <span
      className="labels-swatch"
      aria-hidden="true"
      style={color ? { backgroundColor: color } : undefined}
    />
  );
}
