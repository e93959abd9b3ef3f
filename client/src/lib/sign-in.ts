import { sessionResponseSchema } from '@crm/shared/people';
import { useSessionStore, type Session } from '../stores/session';
import { ApiError, apiFetch } from './api-client';
import { describeError } from './describe-error';

let pending: Promise<Session | null> = Promise.resolve(null);

/**
 * Trades an access key for a session token (`POST /api/session`) and keeps
 * the token, never the key. Resolves to the session, or null when the key
 * was refused, with the reason in the store's `notice` for the form to show.
 */
export function signIn(key: string): Promise<Session | null> {
  const store = useSessionStore.getState();
  store.setSigningIn();
  pending = apiFetch('/api/session', sessionResponseSchema, {
    method: 'POST',
    body: { key },
  }).then(
    (session) => {
      useSessionStore.getState().setSession(session);
      return session;
    },
    (error: unknown) => {
      const refused = error instanceof ApiError && error.status === 401;
      useSessionStore
        .getState()
        .clearSession(
          refused
            ? `That access key was refused by this server (${error.message}). Check it with an admin of the gateway and try again.`
            : describeError(error instanceof Error ? error : new Error(String(error))),
        );
      return null;
    },
  );
  return pending;
}

/** The sign-in under way, if any (the sidebar waits for `#key=`'s before it starts). */
export function signInSettled(): Promise<Session | null> {
  return pending;
}
