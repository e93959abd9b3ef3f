import { createContext, useCallback, useContext, useMemo } from 'react';
import { useLocation, type DataRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';

/**
 * Dashboard pages keep their filters in the URL, so a reload, the back
 * button and a shared link all show the same view. A change names only the
 * params it touches; null or '' removes one, so defaults are never written
 * and URLs stay short.
 */
export type SearchParamChanges = Readonly<Record<string, string | null>>;

/** What a writer does to the URL: some params changed, or a function of the URL as it is now. */
export type SearchParamUpdate =
  SearchParamChanges | ((current: URLSearchParams) => URLSearchParams);

export interface SearchParamOptions {
  /** Change the current history entry instead of adding one (a search being typed). */
  replace?: boolean;
}

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

const RouterContext = createContext<DataRouter | null>(null);

/**
 * The app's router, made reachable to URL writers. React Router renders a
 * navigation in a transition, so the location a component last rendered
 * can be older than the URL: a write built on it (as `useSearchParams`'s
 * setter does, even in its function form) silently drops whatever was
 * written in between, such as a contact clicked while a search was still
 * waiting to be committed. The router's own state is always the URL as it is.
 */
export function UrlRouterProvider({ router }: { router: DataRouter }) {
  return (
    <RouterContext value={router}>
      <RouterProvider router={router} />
    </RouterContext>
  );
}

/**
 * Applies a change to the URL as it is at that moment, so two writers never
 * undo each other, whatever order they render in. Reads no location, so a
 * component that only writes (a list row) does not re-render on every
 * navigation.
 */
export function useSearchParamWriter() {
  const router = useContext(RouterContext);
  if (!router) throw new Error('writing search params needs a UrlRouterProvider around the app');
  return useCallback(
    (update: SearchParamUpdate, options: SearchParamOptions = {}, onlyOn?: string) => {
      const now = router.state.location;
      if (onlyOn !== undefined && now.pathname !== onlyOn) return;
      const current = new URLSearchParams(now.search);
      const next =
        typeof update === 'function' ? update(current) : changeSearchParams(current, update);
      const query = next.toString();
      void router.navigate(
        { pathname: now.pathname, search: query ? `?${query}` : '', hash: now.hash },
        { replace: options.replace ?? false },
      );
    },
    [router],
  );
}

/**
 * The page's search params as rendered, and the one way pages write them
 * (see useSearchParamWriter). A late write from a page that is no longer
 * shown (a debounced search firing after the agent went elsewhere) belongs
 * to no URL any more and is dropped.
 */
export function useSearchParamChanges() {
  const write = useSearchParamWriter();
  const { pathname, search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const change = useCallback(
    (update: SearchParamUpdate, options?: SearchParamOptions) => {
      write(update, options, pathname);
    },
    [write, pathname],
  );
  return [params, change] as const;
}
