import { useMemo, type ComponentPropsWithRef, type ReactNode } from 'react';
import {
  FormProvider,
  useForm,
  type DefaultValues,
  type FieldValues,
  type UseFormProps,
  type UseFormReturn,
} from 'react-hook-form';
import type { z } from 'zod';
import { cx } from './class-names';
import { zodResolver } from './zod-resolver';
import styles from './form.module.css';

/*
 * Why it exists: each form wired react-hook-form, its resolver, the submit
 * handler and a place for "it did not work" on its own. Form is that wiring,
 * thin: useForm with the zod schema as resolver, FormProvider around the
 * fields (so a nested component can useFormContext), handleSubmit, and one
 * form-level error as role=alert: the `error` given (a refusal the caller
 * knows of), else what onSubmit threw, else a schema issue without a field.
 * Fields show their own errors (Field's `error`). The browser's own
 * validation bubbles are off (noValidate): the schema is the rule.
 */

export interface FormProps<Input extends FieldValues, Output extends FieldValues> extends Omit<
  ComponentPropsWithRef<'form'>,
  'onSubmit' | 'children'
> {
  schema: z.ZodType<Output, Input>;
  defaultValues?: DefaultValues<Input>;
  /** Anything else for useForm (mode, values…). */
  options?: Omit<UseFormProps<Input, unknown, Output>, 'resolver' | 'defaultValues'>;
  /** Called with the schema's output; a throw or rejection is shown as the form's error. */
  onSubmit: (values: Output, form: UseFormReturn<Input, unknown, Output>) => unknown;
  /** A form-level error from outside (a server's refusal); shown as role=alert. */
  error?: ReactNode;
  /** The fields; a function receives the form (register, formState…). */
  children: ReactNode | ((form: UseFormReturn<Input, unknown, Output>) => ReactNode);
}

export function Form<Input extends FieldValues, Output extends FieldValues>({
  schema,
  defaultValues,
  options,
  onSubmit,
  error,
  children,
  className,
  ...props
}: FormProps<Input, Output>) {
  // Rebuilt when the schema changes (a rule that depends on props, say the
  // task's organization): react-hook-form reads its options on every render.
  const resolver = useMemo(() => zodResolver(schema), [schema]);
  const form = useForm<Input, unknown, Output>({ ...options, defaultValues, resolver });
  const { errors } = form.formState;
  const thrown = errors.root?.['submit']?.message;
  const shown =
    error !== undefined && error !== null && error !== '' && error !== false
      ? error
      : (thrown ?? errors.root?.message);

  const submit = form.handleSubmit(async (values) => {
    try {
      await onSubmit(values, form);
    } catch (cause) {
      form.setError('root.submit', {
        type: 'submit',
        message: cause instanceof Error ? cause.message : String(cause),
      });
    }
  });

  return (
    <FormProvider {...form}>
      <form
        noValidate
        className={cx(styles.form, className)}
        {...props}
        onSubmit={(event) => {
          void submit(event);
        }}
      >
        {shown ? (
          <p role="alert" className={styles.error}>
            {shown}
          </p>
        ) : null}
        {typeof children === 'function' ? children(form) : children}
      </form>
    </FormProvider>
  );
}
