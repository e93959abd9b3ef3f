import { useState } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';
import { PlaygroundRoute } from './routes/playground';
import { SidebarRoute } from './routes/sidebar/sidebar-route';

/** Exported so tests can mount the same routes in a memory router. */
export const routes: RouteObject[] = [
  { path: '/', element: <HomeRoute /> },
  { path: '/sidebar', element: <SidebarRoute /> },
  { path: '/playground', element: <PlaygroundRoute /> },
  { path: '*', element: <NotFoundRoute /> },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
