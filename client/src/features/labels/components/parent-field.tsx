import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '@/components/ui/field';

/** A label that may be a parent: its id and its full path. */
export interface ParentChoice {
  id: string;
  path: string;
}

/** The "Parent" select of the label forms (new and settings): top level, or under one of `choices`. */
export function ParentField({
  choices,
  error,
  registered,
}: {
  choices: readonly ParentChoice[];
  error: string | undefined;
  registered: UseFormRegisterReturn;
}) {
  return (
    <Field label="Parent" error={error}>
      {(control) => (
        <select {...control} {...registered}>
          <option value="">None (top level)</option>
          {choices.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.path}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
