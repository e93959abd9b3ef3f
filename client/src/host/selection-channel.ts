/**
 * The selection as Missive reports it with `retroactive: true`: every
 * listener hears the current selection at once (when one is known yet) and
 * then every change. The Missive and playground hosts both fan one upstream
 * source out to many listeners through this.
 */
export interface SelectionChannel {
  publish: (ids: readonly string[]) => void;
  subscribe: (listener: (ids: string[]) => void) => () => void;
}

export function createSelectionChannel(): SelectionChannel {
  let current: string[] | null = null;
  const listeners = new Set<(ids: string[]) => void>();
  return {
    publish: (ids) => {
      current = [...ids];
      // A copy each: a listener that sorts or splices must not change what the next one sees.
      for (const listener of [...listeners]) listener([...current]);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      if (current) listener([...current]);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
