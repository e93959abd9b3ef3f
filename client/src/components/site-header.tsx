import { NavLink } from 'react-router';
import { useSessionStore } from '@/stores/session';
import { Button } from '@/components/ui/button';

export function SiteHeader() {
  return (
    <header className="site-header">
      {/* Each page owns its h1; the brand is not a heading. */}
      <p className="site-brand">Missive CRM</p>
      <nav aria-label="Main">
        <ul>
          <li>
            <NavLink to="/" end>
              Dashboard
            </NavLink>
          </li>
          <li>
            <NavLink to="/sidebar">Sidebar</NavLink>
          </li>
          <li>
            <NavLink to="/playground">Playground</NavLink>
          </li>
        </ul>
      </nav>
      <SignedInAs />
    </header>
  );
}

/** Who is signed in, and the way out (AppProvider forgets every answer fetched meanwhile). */
function SignedInAs() {
  const session = useSessionStore((state) => state.session);
  const clearSession = useSessionStore((state) => state.clearSession);
  if (!session) return null;
  return (
    <p className="site-session">
      <span>
        Signed in as <strong>{session.person.name}</strong> ({session.person.role})
      </span>{' '}
      <Button
        variant="secondary"
        size="sm"
        onClick={() => {
          clearSession();
        }}
      >
        Sign out
      </Button>
    </p>
  );
}
