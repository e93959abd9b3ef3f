import { useId } from 'react';
import { z } from 'zod';
import { sessionRequestSchema } from '@crm/shared/people';
import { signIn } from '@/lib/sign-in';
import { useSessionStore } from '@/stores/session';
import { Button } from './ui/button';
import { Card } from './ui/card';
import { Field } from './ui/field';
import { Form } from './ui/form';
import styles from './sign-in-form.module.css';

/**
 * The key as typed, trimmed, then the gateway's own rule for it
 * (`POST /api/session`'s body): an empty key is said here, not sent.
 */
const signInSchema = z.object({
  key: z.string().trim().min(1, 'Enter your access key.').pipe(sessionRequestSchema.shape.key),
});

/**
 * Asks for the access key when no session is known. The key is traded for
 * a session token at once and forgotten; a refusal is said in the form.
 *
 * The reference for a form built on components/ui: Form holds
 * react-hook-form and the zod schema, Field wires the label and the error,
 * and the form-level error (the store's notice) is Form's role=alert.
 * Its code is loaded only when a sign-in is needed (lazy-sign-in-form.tsx).
 */
export function SignInForm() {
  const signingIn = useSessionStore((state) => state.signingIn);
  const notice = useSessionStore((state) => state.notice);
  const headingId = useId();

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Sign in
      </h2>
      <Form
        schema={signInSchema}
        defaultValues={{ key: '' }}
        error={notice}
        onSubmit={async ({ key }, form) => {
          const session = await signIn(key);
          if (session) form.reset();
        }}
      >
        {({ register, formState }) => (
          <>
            <Field label="Access key" error={formState.errors.key?.message}>
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  required
                  {...register('key')}
                />
              )}
            </Field>
            <Button type="submit" disabled={signingIn}>
              {signingIn ? 'Signing in…' : 'Sign in'}
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}
