import { useId, type ReactNode } from 'react';
import { cx } from './class-names';
import styles from './field.module.css';

/*
 * Why it exists: a label, its control, a hint and an error were wired by
 * hand in every form (and forgotten in some). Field does the wiring once:
 * the label's htmlFor is the control's id, and the hint and the error are
 * the control's aria-describedby, with aria-invalid while there is an
 * error, so a screen reader reads the problem with the field and a test
 * finds the control by its label (getByLabelText) and its error by
 * description. It holds no state: pass it the error (react-hook-form's
 * `formState.errors.x?.message`, or any string).
 */

/** What the control must receive; spread it onto the input, select or textarea. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldProps {
  label: ReactNode;
  /** Renders the control: `{(control) => <input {...control} {...register('name')} />}`. */
  children: (control: FieldControlProps) => ReactNode;
  /** Help under the control, read with it. */
  hint?: ReactNode;
  /** What is wrong with the value; empty or undefined when nothing is. */
  error?: ReactNode;
  /** The control's id; one is made up when not given. */
  id?: string;
  /** The label is read by screen readers but not shown (the context names the field). */
  hideLabel?: boolean;
  className?: string;
}

export function Field({
  label,
  children,
  hint,
  error,
  id,
  hideLabel = false,
  className,
}: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasHint = hint !== undefined && hint !== null && hint !== '';
  const hasError = error !== undefined && error !== null && error !== false && error !== '';
  const describedBy = [hasHint ? hintId : null, hasError ? errorId : null].filter(Boolean);

  return (
    <div className={cx(styles.field, className)}>
      <label htmlFor={controlId} className={cx(styles.label, hideLabel && 'visually-hidden')}>
        {label}
      </label>
      {children({
        id: controlId,
        'aria-invalid': hasError ? true : undefined,
        'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
      })}
      {hasHint ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
