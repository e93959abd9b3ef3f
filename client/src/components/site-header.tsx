import { NavLink } from 'react-router';

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
    </header>
  );
}
