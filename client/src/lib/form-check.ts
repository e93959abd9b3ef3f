import { z } from 'zod';
import { describeInvalid } from './describe-error';

/**
 * For a form schema's transform: checks what the inputs make (a request's
 * body, say) with a shared schema and answers its output. When it fails,
 * each problem at one of the form's `fields` shows under that input, and
 * all of them are said in the form's alert as describeInvalid words them
 * ("title: must not be empty"), so problems the form has no input for are
 * said too.
 */
export function checkInForm<S extends z.ZodType>(
  schema: S,
  value: z.input<S>,
  ctx: z.RefinementCtx,
  fields: readonly string[],
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const [field] = issue.path;
    if (typeof field === 'string' && fields.includes(field)) {
      ctx.addIssue({ code: 'custom', path: [field], message: issue.message });
    }
  }
  ctx.addIssue({ code: 'custom', path: [], message: describeInvalid(result.error) });
  return z.NEVER;
}
