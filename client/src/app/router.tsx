import { useState, type ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouteError } from '@/components/route-error';
import { LoadingStatus } from '@/components/loading-status';
import { UrlRouterProvider } from '@/lib/search-params';
import { NotFoundRoute } from './routes/not-found';

/**
 * A route whose code is downloaded the first time it matches, so the
 * sidebar in Missive's iframe does not fetch the dashboard and the
 * playground. React Router loads every matched route's code at once (the
 * dashboard's layout beside its page, not one after the other), shows
 * `LoadingStatus` until the first load has it, and `RouteError` in the
 * route's place when the download fails or the route throws.
 */
function lazyRoute(load: () => Promise<ComponentType>) {
  return {
    lazy: async () => ({ Component: await load() }),
    HydrateFallback: LoadingStatus,
    ErrorBoundary: RouteError,
  };
}

const conversations = lazyRoute(() =>
  import('./routes/dashboard/conversations-route').then((m) => m.ConversationsRoute),
);

/**
 * Exported so tests can mount the same routes in a memory router. In the
 * browser `/sidebar` starts without the router (see app.tsx); the route is
 * here for those tests and for any navigation that reaches it.
 */
export const routes: RouteObject[] = [
  {
    path: '/sidebar',
    ...lazyRoute(() => import('./routes/sidebar/sidebar-route').then((m) => m.SidebarRoute)),
  },
  {
    path: '/playground',
    ...lazyRoute(() => import('./routes/playground').then((m) => m.PlaygroundRoute)),
  },
  {
    path: '/',
    ...lazyRoute(() =>
      import('./routes/dashboard/dashboard-layout').then((m) => m.DashboardLayout),
    ),
    children: [
      { index: true, ...conversations },
      { path: 'conversations', ...conversations },
      {
        path: 'contacts',
        ...lazyRoute(() =>
          import('@/features/contacts/components/contacts-page').then((m) => m.ContactsPage),
        ),
      },
      {
        path: 'labels',
        ...lazyRoute(() =>
          import('@/features/labels/components/labels-page').then((m) => m.LabelsPage),
        ),
      },
      {
        path: 'tasks',
        ...lazyRoute(() =>
          import('@/features/tasks/components/tasks-page').then((m) => m.TasksPage),
        ),
      },
      {
        path: 'responses',
        ...lazyRoute(() =>
          import('@/features/drafts/components/responses-page').then((m) => m.ResponsesPage),
        ),
      },
      {
        path: 'people',
        ...lazyRoute(() =>
          import('@/features/people/components/people-page').then((m) => m.PeoplePage),
        ),
      },
      {
        path: 'analytics',
        ...lazyRoute(() =>
          import('@/features/analytics/components/analytics-page').then((m) => m.AnalyticsPage),
        ),
      },
      {
        path: 'operations',
        ...lazyRoute(() =>
          import('./routes/dashboard/operations-route').then((m) => m.OperationsRoute),
        ),
      },
      {
        path: 'integrations',
        ...lazyRoute(() =>
          import('@/features/integrations/components/integrations-page').then(
            (m) => m.IntegrationsPage,
          ),
        ),
      },
      {
        path: 'access-keys',
        ...lazyRoute(() =>
          import('@/features/access-keys/components/access-keys-page').then(
            (m) => m.AccessKeysPage,
          ),
        ),
      },
      // Small enough to ship with the app rather than wait for a download of its own.
      { path: '*', Component: NotFoundRoute, ErrorBoundary: RouteError },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <UrlRouterProvider router={router} />;
}
