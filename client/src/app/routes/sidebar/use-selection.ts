import { useEffect, useState } from 'react';
import type { MissiveHost } from '../../../host/host';

/**
 * The selected conversation ids, as the host reports them (at once, then on
 * every change). Views key their queries by conversation id, so an answer
 * that arrives after the agent has moved on lands in its own cache entry
 * and is never shown for the wrong conversation.
 */
export function useSelection(host: MissiveHost): string[] | undefined {
  const [ids, setIds] = useState<string[] | undefined>(undefined);
  useEffect(
    () =>
      host.onSelection((next) => {
        setIds((previous) => (previous && sameIds(previous, next) ? previous : [...next]));
      }),
    [host],
  );
  return ids;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}
