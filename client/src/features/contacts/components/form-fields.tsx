import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';

/**
 * A labelled input, textarea or select whose error sits under it and is
 * tied to it (aria-invalid, aria-describedby), so a screen reader reads the
 * problem with the field.
 */

interface FieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  className?: string;
}

function useFieldIds(error: string | undefined) {
  const id = useId();
  const errorId = `${id}-error`;
  return {
    id,
    errorId,
    aria: error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {},
  };
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="contacts-field-error">
      {error}
    </p>
  ) : null;
}

export function TextField({
  label,
  registration,
  error,
  className,
  multiline = false,
  type = 'text',
}: FieldProps & { multiline?: boolean; type?: 'text' | 'email' | 'tel' | 'url' }) {
  const { id, errorId, aria } = useFieldIds(error);
  return (
    <div className={['contacts-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} rows={3} {...aria} {...registration} />
      ) : (
        <input id={id} type={type} {...aria} {...registration} />
      )}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function SelectField({
  label,
  registration,
  error,
  className,
  options,
}: FieldProps & { options: readonly { value: string; label: string }[] }) {
  const { id, errorId, aria } = useFieldIds(error);
  return (
    <div className={['contacts-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      <select id={id} {...aria} {...registration}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** Removes one row of a list; the label says which, since every row has one. */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      className="contacts-button contacts-button-quiet contacts-remove"
      onClick={onClick}
      aria-label={label}
    >
      Remove
    </button>
  );
}
