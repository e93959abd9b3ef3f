import { get, set, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';
import type { z } from 'zod';

/*
 * Why it exists: react-hook-form validates through a resolver, and the
 * schemas are zod's (most of them shared with the gateway). This is the
 * few lines of @hookform/resolvers' zodResolver the app needs, without the
 * package: each issue becomes the error of the field at its path (the first
 * issue per field wins), an issue without a path the form's own
 * (`errors.root`), and a valid form submits the schema's output (trimmed,
 * defaulted, transformed).
 */
export function zodResolver<Input extends FieldValues, Output extends FieldValues>(
  schema: z.ZodType<Output, Input>,
): Resolver<Input, unknown, Output> {
  return async (values) => {
    const result = await schema.safeParseAsync(values);
    if (result.success) return { values: result.data, errors: {} };
    const errors: FieldErrors<Input> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'root';
      if (get(errors, path) === undefined) {
        set(errors, path, { type: issue.code, message: issue.message });
      }
    }
    return { values: {}, errors };
  };
}
