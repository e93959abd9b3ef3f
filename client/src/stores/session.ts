import { create } from 'zustand';
import { sessionResponseSchema, type SessionResponse } from '@crm/shared/people';

/**
 * Who the app speaks for: a session token from `POST /api/session`, sent as
 * `Authorization: Bearer`, and the person it names. The access key itself is
 * only ever in memory for the moment of that exchange; what is kept (in
 * memory and sessionStorage, so a reload in the same tab or iframe keeps
 * working) is the short-lived token, never the key and never a cookie: the
 * sidebar lives in a third-party iframe where cookies are not reliable, and
 * a cookie would ride along on requests the app did not mean to authenticate.
 */

const STORAGE_KEY = 'crm.session';

/**
 * Where a Missive host keeps the session between Missive sessions (its
 * per-user store, cleared at log-out); the playground plays that host.
 */
export const HOST_SESSION_KEY = 'crm.session';

export type Session = SessionResponse;

interface SessionState {
  session: Session | null;
  /** A key is being traded for a session (the form or `#key=` sent one). */
  signingIn: boolean;
  /** Why the last sign-in failed or the session ended, in words for the person. */
  notice: string | null;
  setSigningIn: () => void;
  setSession: (session: Session) => void;
  /** Signs out; `notice` says why when it was not the person's own doing. */
  clearSession: (notice?: string) => void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  session: readStoredSession(),
  signingIn: false,
  notice: null,
  setSigningIn: () => {
    set({ signingIn: true, notice: null });
  },
  setSession: (session) => {
    writeStoredSession(session);
    set({ session, signingIn: false, notice: null });
  },
  clearSession: (notice) => {
    writeStoredSession(null);
    set({ session: null, signingIn: false, notice: notice ?? null });
  },
}));

/** A stored session that is still good, or null (expired, damaged, or from an older app). */
export function parseSession(text: string | null): Session | null {
  if (text === null) return null;
  try {
    const parsed = sessionResponseSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.expiresAt > Date.now() ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Takes `#key=…` from the address and removes it from the address bar, so
 * the key is not left in history, bookmarks or a shared screenshot. The
 * fragment is used because browsers never send it to a server. Other
 * fragment parameters are left in place. The caller trades the key for a
 * session (lib/sign-in.ts).
 */
export function takeKeyFromFragment(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const key = params.get('key')?.trim();
  if (!key) return null;
  params.delete('key');
  const rest = params.toString();
  const { pathname, search } = window.location;
  window.history.replaceState(
    window.history.state,
    '',
    `${pathname}${search}${rest ? `#${rest}` : ''}`,
  );
  return key;
}

// Storage can throw (blocked third-party storage in an iframe, private
// modes): the session then lives in memory only, which is still usable.
function readStoredSession(): Session | null {
  try {
    return parseSession(window.sessionStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

function writeStoredSession(session: Session | null): void {
  try {
    if (session === null) window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Memory only; see readStoredSession.
  }
}
