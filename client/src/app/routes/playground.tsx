import { SiteHeader } from '../../components/site-header';

export function PlaygroundRoute() {
  return (
    <>
      <SiteHeader />
      <main className="page">
        <h2>Playground</h2>
        <p>An imitation of Missive&apos;s window with the sidebar inside it will live here.</p>
      </main>
    </>
  );
}
