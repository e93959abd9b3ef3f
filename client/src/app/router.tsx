import { useState } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AccessKeysPage } from '../features/access-keys/components/access-keys-page';
import { AnalyticsPage } from '../features/analytics/components/analytics-page';
import { ContactsPage } from '../features/contacts/components/contacts-page';
import { ResponsesPage } from '../features/drafts/components/responses-page';
import { IntegrationDeliveries } from '../features/integrations/components/integration-deliveries';
import { IntegrationsPage } from '../features/integrations/components/integrations-page';
import { LabelsPage } from '../features/labels/components/labels-page';
import { OperationsPage } from '../features/operations/components/operations-page';
import { PeoplePage } from '../features/people/components/people-page';
import { TasksPage } from '../features/tasks/components/tasks-page';
import { ConversationsRoute } from './routes/dashboard/conversations-route';
import { DashboardLayout } from './routes/dashboard/dashboard-layout';
import { NotFoundRoute } from './routes/not-found';
import { PlaygroundRoute } from './routes/playground';
import { SidebarRoute } from './routes/sidebar/sidebar-route';
import { UrlRouterProvider } from '../lib/search-params';

/** Exported so tests can mount the same routes in a memory router. */
export const routes: RouteObject[] = [
  { path: '/sidebar', element: <SidebarRoute /> },
  { path: '/playground', element: <PlaygroundRoute /> },
  {
    path: '/',
    element: <DashboardLayout />,
    children: [
      { index: true, element: <ConversationsRoute /> },
      { path: 'conversations', element: <ConversationsRoute /> },
      { path: 'contacts', element: <ContactsPage /> },
      { path: 'labels', element: <LabelsPage /> },
      { path: 'tasks', element: <TasksPage /> },
      { path: 'responses', element: <ResponsesPage /> },
      { path: 'people', element: <PeoplePage /> },
      { path: 'analytics', element: <AnalyticsPage /> },
      {
        path: 'operations',
        element: (
          // Composed here: the deliveries belong to the integrations feature.
          <OperationsPage>
            <IntegrationDeliveries />
          </OperationsPage>
        ),
      },
      { path: 'integrations', element: <IntegrationsPage /> },
      { path: 'access-keys', element: <AccessKeysPage /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <UrlRouterProvider router={router} />;
}
