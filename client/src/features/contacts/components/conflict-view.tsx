import { useId, useState } from 'react';
import {
  applyChanges,
  changedFields,
  rebaseChanges,
  type ContactChanges,
  type ContactConflict,
  type ContactField,
} from '@crm/shared/contact-edits';
import { fieldLines, fieldTitles } from '../utils/contact-format';
import { Button } from '@/components/ui/button';

type Choice = 'theirs' | 'yours';

export interface ConflictViewProps {
  conflict: ContactConflict;
  pending: boolean;
  /** Sends `changes` again with the contact as it is now as the base. */
  onResolve: (changes: ContactChanges) => void;
}

/**
 * Someone else changed the fields this agent changed. Each disputed field
 * shows both versions side by side. When the two change sets do not overlap
 * (different items of the same list), one click merges them; otherwise the
 * agent keeps theirs or mine per field. The form above keeps what was typed.
 */
export function ConflictView({ conflict, pending, onResolve }: ConflictViewProps) {
  const { current, base, yours, fields } = conflict;
  const { changes: merged, overlapping } = rebaseChanges(base, current, yours);
  const mine = applyChanges(base, yours);
  const keptOfTheirs = changedFields(base, current).filter((field) => !fields.includes(field));
  const [choices, setChoices] = useState<Partial<Record<ContactField, Choice>>>({});
  const undecided = overlapping.filter((field) => choices[field] === undefined);

  const resolved = (): ContactChanges => {
    const out: ContactChanges = { ...merged };
    for (const field of overlapping) if (choices[field] === 'theirs') dropField(out, field);
    return out;
  };

  return (
    <section className="contacts-conflict" aria-label="Conflict">
      <h4>Someone else changed this contact meanwhile</h4>
      <p className="contacts-muted">
        {overlapping.length === 0
          ? 'Your changes and theirs fit together: merge keeps both.'
          : 'You both changed the same thing: choose which version to keep for each field.'}
      </p>
      {fields.map((field) => (
        <div key={field} className="contacts-conflict-field">
          <h5>{fieldTitles[field]}</h5>
          <div className="contacts-conflict-sides">
            <Side title="Theirs" lines={fieldLines(current, field)} />
            <Side title="Yours" lines={fieldLines(mine, field)} />
          </div>
          {overlapping.includes(field) ? (
            <ChoiceGroup
              field={field}
              value={choices[field]}
              onChange={(choice) => {
                setChoices((before) => ({ ...before, [field]: choice }));
              }}
            />
          ) : null}
        </div>
      ))}
      {keptOfTheirs.length > 0 ? (
        <p className="contacts-muted">
          Their other changes are kept: {keptOfTheirs.map((field) => fieldTitles[field]).join(', ')}
          .
        </p>
      ) : null}
      <Button
        disabled={pending || undecided.length > 0}
        onClick={() => {
          onResolve(resolved());
        }}
      >
        {overlapping.length === 0 ? 'Merge' : 'Save my choices'}
      </Button>
    </section>
  );
}

function dropField(changes: ContactChanges, field: ContactField) {
  changes[field] = undefined;
}

function Side({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div className="contacts-conflict-side">
      <p className="contacts-conflict-side-title">{title}</p>
      {lines.length === 0 ? (
        <p className="contacts-muted">(empty)</p>
      ) : (
        <ul aria-label={title}>
          {lines.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ChoiceGroup({
  field,
  value,
  onChange,
}: {
  field: ContactField;
  value: Choice | undefined;
  onChange: (choice: Choice) => void;
}) {
  const name = useId();
  return (
    <fieldset className="contacts-conflict-choice">
      <legend>Keep for {fieldTitles[field].toLowerCase()}</legend>
      {(['theirs', 'yours'] as const).map((choice) => (
        <label key={choice}>
          <input
            type="radio"
            name={name}
            value={choice}
            checked={value === choice}
            onChange={() => {
              onChange(choice);
            }}
          />{' '}
          {choice === 'theirs' ? 'Theirs' : 'Yours'}
        </label>
      ))}
    </fieldset>
  );
}
