import { lazy } from 'react';
import { ViewBoundary } from '@/components/view-boundary';
import { AppProvider } from './provider';

// Each face downloads its own code; the first paint waits only for its own.
const SidebarRoute = lazy(() =>
  import('./routes/sidebar/sidebar-route').then((m) => ({ default: m.SidebarRoute })),
);
const AppRouter = lazy(() => import('./router').then((m) => ({ default: m.AppRouter })));

/** Where Missive (and the playground's frame) opens the sidebar: `/sidebar#key=…`, `/sidebar?host=…`. */
export function isSidebarPath(pathname: string): boolean {
  return /^\/sidebar\/?$/.test(pathname);
}

/**
 * The sidebar starts without the router: inside Missive's iframe it is the
 * only page there is, and the router would add about 30 kB gzip to the
 * sidebar's 150 kB budget (scripts/client-size.ts). Every other path (the
 * dashboard, the playground) goes through the router, which loads each
 * route's code as it matches.
 */
export function App({ pathname = window.location.pathname }: { pathname?: string }) {
  return (
    <AppProvider>
      <ViewBoundary>{isSidebarPath(pathname) ? <SidebarRoute /> : <AppRouter />}</ViewBoundary>
    </AppProvider>
  );
}
