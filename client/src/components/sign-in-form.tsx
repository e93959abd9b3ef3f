import { useId, useState, type SubmitEvent } from 'react';
import { signIn } from '@/lib/sign-in';
import { useSessionStore } from '@/stores/session';

/**
 * Asks for the access key when no session is known. The key is traded for
 * a session token at once and forgotten; a refusal is said next to the form.
 */
export function SignInForm() {
  const signingIn = useSessionStore((state) => state.signingIn);
  const notice = useSessionStore((state) => state.notice);
  const [value, setValue] = useState('');
  const inputId = useId();
  const headingId = useId();

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const key = value.trim();
    if (!key) return;
    void signIn(key).then((session) => {
      if (session) setValue('');
    });
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Sign in</h2>
      {notice ? (
        <p role="alert" className="sign-in-notice">
          {notice}
        </p>
      ) : null}
      <form className="sign-in" onSubmit={handleSubmit}>
        <label htmlFor={inputId}>Access key</label>
        <input
          id={inputId}
          name="accessKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
          }}
        />
        <button type="submit" disabled={signingIn}>
          {signingIn ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}
