/**
 * What the playground keeps for the sidebar's `storeGet`/`storeSet`, as
 * Missive keeps a per-user store: a map in memory, copied to sessionStorage
 * so that reloading the playground keeps the sidebar's settings for the tab.
 */

const STORAGE_KEY = 'crm.playground.sidebarStore';

export interface SidebarStore {
  get: (key: string) => string | null;
  set: (key: string, value: string) => void;
}

/** `seed` is what the host knows before the sidebar asks (the signed-in session). */
export function createSidebarStore(seed: Readonly<Record<string, string>> = {}): SidebarStore {
  const values = new Map(Object.entries({ ...load(), ...seed }));
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => {
      values.set(key, value);
      save(Object.fromEntries(values));
    },
  };
}

// Storage can be blocked or full; the store then lives in memory only.
function load(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    );
  } catch {
    return {};
  }
}

function save(values: Record<string, string>): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(values));
  } catch {
    // Memory only; see load.
  }
}
