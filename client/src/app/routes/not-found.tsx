import { Link } from 'react-router';

/** Rendered inside the dashboard layout, whose <main> it fills. */
export function NotFoundRoute() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </div>
  );
}
