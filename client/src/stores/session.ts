import { create } from 'zustand';

/**
 * Who the app speaks for: the access key sent as `Authorization: Bearer`.
 * Kept in memory and in sessionStorage (so a reload inside the same tab or
 * iframe keeps working), never in a cookie: the sidebar lives in a
 * third-party iframe where cookies are not reliable, and a cookie would ride
 * along on requests the app did not mean to authenticate.
 */

const STORAGE_KEY = 'crm.accessKey';

interface SessionState {
  accessKey: string | null;
  setAccessKey: (key: string) => void;
  clearAccessKey: () => void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  accessKey: readStoredKey(),
  setAccessKey: (key) => {
    writeStoredKey(key);
    set({ accessKey: key });
  },
  clearAccessKey: () => {
    writeStoredKey(null);
    set({ accessKey: null });
  },
}));

/**
 * Takes `#key=…` from the address, keeps it in the session and removes it
 * from the address bar, so the key is not left in history, bookmarks or a
 * shared screenshot. The fragment is used because browsers never send it to
 * a server. Other fragment parameters are left in place.
 */
export function readKeyFromFragment(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const key = params.get('key')?.trim();
  if (!key) return null;
  useSessionStore.getState().setAccessKey(key);
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
// modes): the key then lives in memory only, which is still usable.
function readStoredKey(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStoredKey(key: string | null): void {
  try {
    if (key === null) window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Memory only; see readStoredKey.
  }
}
