import { SignInForm } from '../../components/sign-in-form';
import { SiteHeader } from '../../components/site-header';
import { StatusPanel } from '../../features/operations/components/status-panel';
import { useSessionStore } from '../../stores/session';

export function HomeRoute() {
  const signedIn = useSessionStore((state) => state.accessKey !== null);
  return (
    <>
      <SiteHeader />
      <main className="page">
        {signedIn ? null : <SignInForm />}
        <StatusPanel />
      </main>
    </>
  );
}
