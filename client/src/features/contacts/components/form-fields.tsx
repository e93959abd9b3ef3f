import type { UseFormRegisterReturn } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

/**
 * The contact forms' inputs on components/ui's Field: a labelled input,
 * textarea or select whose error sits under it and is tied to it
 * (aria-invalid, aria-describedby), registered with react-hook-form.
 */

interface FieldProps {
  label: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  className?: string;
}

export function TextField({
  label,
  registration,
  error,
  className,
  multiline = false,
  type = 'text',
}: FieldProps & { multiline?: boolean; type?: 'text' | 'email' | 'tel' | 'url' }) {
  return (
    <Field label={label} error={error} {...(className ? { className } : {})}>
      {(control) =>
        multiline ? (
          <textarea rows={3} {...control} {...registration} />
        ) : (
          <input type={type} {...control} {...registration} />
        )
      }
    </Field>
  );
}

export function SelectField({
  label,
  registration,
  error,
  className,
  options,
}: FieldProps & { options: readonly { value: string; label: string }[] }) {
  return (
    <Field label={label} error={error} {...(className ? { className } : {})}>
      {(control) => (
        <select {...control} {...registration}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Removes one row of a list; the label says which, since every row has one. */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button
      variant="secondary"
      size="sm"
      className="contacts-remove"
      onClick={onClick}
      aria-label={label}
    >
      Remove
    </Button>
  );
}
