import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Dashboard pages keep their filters in the URL, so a reload, the back
 * button and a shared link all show the same view. A change names only the
 * params it touches; null or '' removes one, so defaults are never written
 * and URLs stay short.
 */
export type SearchParamChanges = Readonly<Record<string, string | null>>;

export function changeSearchParams(
  params: URLSearchParams,
  changes: SearchParamChanges,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(name);
    else next.set(name, value);
  }
  return next;
}

/** The page's search params and a function that changes some of them as a new history entry. */
export function useSearchParamChanges() {
  const [params, setParams] = useSearchParams();
  const change = useCallback(
    (changes: SearchParamChanges) => {
      setParams((current) => changeSearchParams(current, changes));
    },
    [setParams],
  );
  return [params, change] as const;
}
