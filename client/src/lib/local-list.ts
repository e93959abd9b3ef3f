import { useSyncExternalStore } from 'react';
import type { z } from 'zod';

/**
 * A small list the browser keeps across reloads (localStorage), for things
 * only this browser knows: analytics reports kept past their 60 s upstream
 * life, the webhooks this dashboard registered (Missive cannot list them).
 * Never server data that another tab or person could change: that belongs to
 * the query cache.
 *
 * Every item is checked with its schema on read, so an entry written by an
 * older version (or edited by hand) is dropped alone instead of breaking the
 * page. Storage can be unavailable or full; the list then lives in memory
 * for this page and `write` says so.
 */
export interface LocalList<T> {
  read: () => readonly T[];
  /** Replaces the list; false when the browser would not store it (it is kept in memory). */
  write: (items: readonly T[]) => boolean;
  subscribe: (listener: () => void) => () => void;
}

export function createLocalList<T>(storageKey: string, itemSchema: z.ZodType<T>): LocalList<T> {
  const listeners = new Set<() => void>();
  // Set when storage refused a write: what this page shows until it reloads.
  let unsaved: string | null = null;
  // useSyncExternalStore needs the same array back while nothing changed.
  let lastRaw: string | null | undefined;
  let lastItems: readonly T[] = [];

  const notify = () => {
    for (const listener of listeners) listener();
  };

  const read = (): readonly T[] => {
    const raw = unsaved ?? readStorage(storageKey);
    if (raw === lastRaw) return lastItems;
    lastRaw = raw;
    lastItems = parseItems(raw, itemSchema);
    return lastItems;
  };

  const write = (items: readonly T[]): boolean => {
    const raw = JSON.stringify(items);
    const stored = writeStorage(storageKey, raw);
    unsaved = stored ? null : raw;
    notify();
    return stored;
  };

  const onStorage = (event: StorageEvent) => {
    // Another tab changed the list (or cleared all storage: key null).
    if (event.key === storageKey || event.key === null) notify();
  };

  const subscribe = (listener: () => void) => {
    if (listeners.size === 0) window.addEventListener('storage', onStorage);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) window.removeEventListener('storage', onStorage);
    };
  };

  return { read, write, subscribe };
}

/** The list's items, re-rendering when this tab or another one changes them. */
export function useLocalList<T>(list: LocalList<T>): readonly T[] {
  return useSyncExternalStore(list.subscribe, list.read, list.read);
}

function parseItems<T>(raw: string | null, itemSchema: z.ZodType<T>): T[] {
  if (raw === null) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(json)) return [];
  const items: T[] = [];
  for (const entry of json) {
    const parsed = itemSchema.safeParse(entry);
    if (parsed.success) items.push(parsed.data);
  }
  return items;
}

// Storage throws when blocked (privacy settings, some iframes) or full.
function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): boolean {
  try {
    window.localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}
