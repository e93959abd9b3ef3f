import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';

/**
 * A labelled input or textarea with its hint and its error under it, both
 * tied to it (aria-describedby, aria-invalid), so a screen reader reads
 * them with the field and a test finds the field by its label.
 */
export function FormField({
  label,
  registration,
  error,
  hint,
  multiline = false,
  type = 'text',
  placeholder,
  disabled = false,
  autoComplete = 'off',
}: {
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  hint?: string | undefined;
  multiline?: boolean;
  type?: 'text' | 'password' | 'url';
  placeholder?: string | undefined;
  disabled?: boolean;
  autoComplete?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const props = {
    id,
    placeholder,
    disabled,
    autoComplete,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    ...registration,
  };
  return (
    <div
      className={multiline ? 'integrations-field integrations-field-wide' : 'integrations-field'}
    >
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={4} {...props} /> : <input type={type} {...props} />}
      {hint ? (
        <p id={hintId} className="integrations-hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id?: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="integrations-field-error">
      {error}
    </p>
  ) : null;
}
