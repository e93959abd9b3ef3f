import { useCallback, useRef, useState } from 'react';

/**
 * What the playground did for the sidebar, newest first: each write shows
 * its progress, then its outcome in place, so a person (or an end-to-end
 * test) can see that an action arrived and how it ended.
 */

export type ActivityTone = 'progress' | 'success' | 'error' | 'info';

export interface ActivityEntry {
  id: number;
  tone: ActivityTone;
  text: string;
}

const KEPT = 20;

export function useActivityLog() {
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const lastId = useRef(0);

  const log = useCallback((tone: ActivityTone, text: string): number => {
    lastId.current += 1;
    const id = lastId.current;
    setEntries((list) => [{ id, tone, text }, ...list].slice(0, KEPT));
    return id;
  }, []);

  const update = useCallback((id: number, tone: ActivityTone, text: string) => {
    setEntries((list) => list.map((entry) => (entry.id === id ? { id, tone, text } : entry)));
  }, []);

  return { entries, log, update };
}

export type ActivityLog = ReturnType<typeof useActivityLog>;
