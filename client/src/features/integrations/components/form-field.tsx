import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '@/components/ui';

/**
 * A registered input or textarea in components/ui's Field (its label, hint
 * and error tied to it), laid out in the provider form's rows: a textarea
 * takes the whole row.
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
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      className={multiline ? 'integrations-field integrations-field-wide' : 'integrations-field'}
    >
      {(control) =>
        multiline ? (
          <textarea
            rows={4}
            {...control}
            placeholder={placeholder}
            disabled={disabled}
            autoComplete={autoComplete}
            {...registration}
          />
        ) : (
          <input
            type={type}
            {...control}
            placeholder={placeholder}
            disabled={disabled}
            autoComplete={autoComplete}
            {...registration}
          />
        )
      }
    </Field>
  );
}

/** A problem of a control Field does not hold (a picker, a group of checkboxes). */
export function FieldError({ id, error }: { id?: string; error: string | undefined }) {
  return error ? (
    <p id={id} className="error">
      {error}
    </p>
  ) : null;
}
