import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { LazySignInForm } from '@/components/lazy-sign-in-form';
import { SiteHeader } from '@/components/site-header';
import { HostProvider } from '@/host/host-context';
import { createNoneHost } from '@/host/none-host';
import { useIsAdmin } from '@/lib/me';
import { useLiveEvents } from '@/lib/live-events';
import { useSessionRenewal } from '@/lib/sign-in';
import { useSessionStore } from '@/stores/session';
import './dashboard.css';

const VIEWS = [
  ['/conversations', 'Conversations', 'agent'],
  ['/contacts', 'Contacts', 'agent'],
  ['/labels', 'Labels', 'agent'],
  ['/tasks', 'Tasks', 'agent'],
  ['/responses', 'Responses', 'agent'],
  ['/people', 'People', 'agent'],
  ['/analytics', 'Analytics', 'agent'],
  ['/operations', 'Operations', 'agent'],
  ['/integrations', 'Integrations', 'admin'],
  ['/access-keys', 'Access keys', 'admin'],
] as const;

/**
 * The dashboard: the product full-page in a browser tab. Signed out (or
 * once the session ends) it shows the sign-in form; signed in, it checks
 * the session once against the gateway (`GET /api/me`, answered from
 * memory) so a revoked key is caught before every view fails on its own.
 */
export function DashboardLayout() {
  const session = useSessionStore((state) => state.session);
  const isAdmin = useIsAdmin();
  // The dashboard runs outside Missive: "open" means the conversation's web link.
  const [host] = useState(() => createNoneHost());
  useLiveEvents();
  useSessionRenewal();

  return (
    <>
      <SiteHeader />
      {session === null ? (
        <main className="page page-narrow">
          <h1>Sign in</h1>
          <LazySignInForm />
        </main>
      ) : (
        <HostProvider host={host}>
          <div className="dashboard">
            <nav aria-label="Dashboard" className="dashboard-nav">
              <ul>
                {VIEWS.filter(([, , needs]) => needs === 'agent' || isAdmin).map(([to, label]) => (
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
