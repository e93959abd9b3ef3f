import { NewVersionBanner } from '@/components/new-version-banner';
import { LazySignInForm } from '@/components/lazy-sign-in-form';
import { HostProvider } from '@/host/host-context';
import { useSessionRenewal } from '@/lib/sign-in';
import { useLiveEvents } from '@/lib/live-events';
import type { MissiveHost } from '@/host/host';
import { useSessionStore } from '@/stores/session';
import { ConversationView } from './conversation-view';
import { useHostBoot } from './use-host-boot';
import { useSelection } from './use-selection';
import { useWarmDirectory } from './use-warm-directory';
import './sidebar.css';

/**
 * `/sidebar`: what Missive shows in its right-hand panel. The admin
 * configures `https://<host>/sidebar#key=<access key>` as the iFrame
 * integration URL; the page finds its host, keeps the key and follows the
 * selection.
 */
export function SidebarRoute() {
  const boot = useHostBoot();
  if (boot.status === 'loading') {
    return <main className="sidebar" aria-busy="true" aria-label="CRM sidebar" />;
  }
  if (boot.status === 'failed') {
    return (
      <main className="sidebar" aria-label="CRM sidebar">
        <p role="alert" className="sidebar-notice">
          The sidebar could not start: {boot.message}
        </p>
      </main>
    );
  }
  return (
    <HostProvider host={boot.host}>
      <SidebarView host={boot.host} />
    </HostProvider>
  );
}

function SidebarView({ host }: { host: MissiveHost }) {
  const signedIn = useSessionStore((state) => state.session !== null);
  const selection = useSelection(host);
  useWarmDirectory(signedIn);
  useSessionRenewal();
  // Missive keeps the sidebar open all day: webhooks, not polling, keep it current.
  useLiveEvents();
  return (
    <main className="sidebar" aria-label="CRM sidebar">
      <NewVersionBanner onReload={host.reload} />
      {!signedIn ? (
        <div className="sidebar-notice">
          <p>
            This sidebar needs your access key. Missive passes it when the integration URL ends in{' '}
            <code>#key=…</code>; otherwise enter it here.
          </p>
          <LazySignInForm />
        </div>
      ) : selection === undefined ? null : selection.length === 0 ? (
        <p className="sidebar-notice">Select a conversation to see who you are talking to.</p>
      ) : selection.length > 1 ? (
        <p className="sidebar-notice" role="status">
          {selection.length} conversations selected. Select one to see its contacts, labels and
          tasks.
        </p>
      ) : (
        <ConversationView key={selection[0]} conversationId={selection[0] ?? ''} />
      )}
    </main>
  );
}
