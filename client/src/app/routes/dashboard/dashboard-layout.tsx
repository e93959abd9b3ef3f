import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { NavLink, Outlet } from 'react-router';
import { limitsReportSchema } from '@crm/shared/limits';
import { SignInForm } from '../../../components/sign-in-form';
import { SiteHeader } from '../../../components/site-header';
import { HostProvider } from '../../../host/host-context';
import { createNoneHost } from '../../../host/none-host';
import { ApiError, apiFetch } from '../../../lib/api-client';
import { useLiveEvents } from '../../../lib/live-events';
import { useSessionStore } from '../../../stores/session';
import './dashboard.css';

const VIEWS = [
  ['/conversations', 'Conversations'],
  ['/contacts', 'Contacts'],
  ['/labels', 'Labels'],
  ['/tasks', 'Tasks'],
  ['/responses', 'Responses'],
  ['/people', 'People'],
  ['/analytics', 'Analytics'],
  ['/operations', 'Operations'],
] as const;

/**
 * The dashboard: the product full-page in a browser tab. It checks the key
 * once against the gateway (GET /api/limits answers from memory and spends
 * nothing of Missive's budget) so a wrong key gets a clear sign-in screen
 * rather than every view failing on its own.
 */
export function DashboardLayout() {
  const accessKey = useSessionStore((state) => state.accessKey);
  const check = useQuery({
    queryKey: ['access-check', accessKey],
    queryFn: ({ signal }) => apiFetch('/api/limits', limitsReportSchema, { signal }),
    enabled: accessKey !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const refused = check.error instanceof ApiError && check.error.status === 401;
  // The dashboard runs outside Missive: "open" means the conversation's web link.
  const [host] = useState(() => createNoneHost());
  useLiveEvents();

  return (
    <>
      <SiteHeader />
      {accessKey === null || refused ? (
        <main className="page page-narrow">
          <h1>Sign in</h1>
          {refused && (
            <p role="alert" className="dashboard-refused">
              That access key was refused by this server. Check it with whoever runs the gateway (it
              is the server&apos;s APP_ACCESS_KEY) and try again.
            </p>
          )}
          <SignInForm />
        </main>
      ) : (
        <HostProvider host={host}>
          <div className="dashboard">
            <nav aria-label="Dashboard" className="dashboard-nav">
              <ul>
                {VIEWS.map(([to, label]) => (
                  <li key={to}>
                    <NavLink to={to}>{label}</NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <main className="dashboard-main">
              <Outlet />
            </main>
          </div>
        </HostProvider>
      )}
    </>
  );
}
