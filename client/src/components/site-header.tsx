import { NavLink } from 'react-router';

export function SiteHeader() {
  return (
    <header className="site-header">
      <h1>Missive CRM</h1>
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
