import { Link } from 'react-router';

export function NotFoundRoute() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </main>
  );
}
