import { useSessionStore, type Session } from '@/stores/session';
import { useEffect } from 'react';
import { ApiError, callGateway } from './api-client';
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
  pending = callGateway('createSession', { body: { key } }).then(
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

/** How long before its end a session is renewed: a fifth of its life, at most five minutes. */
function renewAt(session: Session, now: number): number {
  const left = session.expiresAt - now;
  return now + Math.max(0, left - Math.min(5 * 60_000, left / 5));
}

/**
 * Keeps the session alive while the app is open (a sidebar stays open all
 * day): shortly before it runs out, trades it for a fresh one. A refusal
 * (the key was revoked) signs the app out through the usual 401 path.
 */
export function useSessionRenewal(): void {
  const session = useSessionStore((state) => state.session);
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(
      () => {
        callGateway('renewSession').then(
          (renewed) => {
            useSessionStore.getState().setSession(renewed);
          },
          // A failure other than 401 leaves the session to run out; the next call says why.
          () => undefined,
        );
      },
      renewAt(session, Date.now()) - Date.now(),
    );
    return () => {
      clearTimeout(timer);
    };
  }, [session]);
}
