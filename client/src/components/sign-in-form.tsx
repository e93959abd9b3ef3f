import { useId, useState, type SubmitEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { missiveQueryKey } from '../lib/react-query';
import { useSessionStore } from '../stores/session';

/**
 * Asks for the access key when none arrived in the address (`#key=…`). The
 * key is checked by the first call that uses it, which answers 401 if wrong.
 */
export function SignInForm() {
  const setAccessKey = useSessionStore((state) => state.setAccessKey);
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const inputId = useId();
  const headingId = useId();

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const key = value.trim();
    if (!key) return;
    queryClient.removeQueries({ queryKey: missiveQueryKey });
    setAccessKey(key);
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Sign in</h2>
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
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}
