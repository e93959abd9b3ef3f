import './route-states.css';
import { Button } from '@/components/ui/button';

/**
 * A full reload of this document. Inside Missive the sidebar is an iframe,
 * so this reloads the sidebar alone, not Missive. `#key=` left the address
 * at the first start, and the session it was traded for comes back from
 * sessionStorage or, failing that, from Missive's per-user store (see
 * stores/session.ts and app/routes/sidebar/use-host-boot.ts).
 */
export function reloadFrame(): void {
  window.location.reload();
}

/**
 * What a view shows instead of itself when it cannot render: it threw, or
 * its code failed to download (a deployment replaced the chunk this page
 * was built against, or the network dropped). Reload is the way out of both.
 */
export function ErrorNotice({ error, onReload }: { error: unknown; onReload: () => void }) {
  return (
    <div role="alert" className="error route-error">
      <h2>Something went wrong in this view</h2>
      <p>{describe(error)}</p>
      {isChunkLoadError(error) ? (
        <p>
          This part of the app could not be downloaded. A newer version may have been installed:
          reloading fetches it.
        </p>
      ) : null}
      <Button variant="secondary" onClick={onReload}>
        Reload
      </Button>
    </div>
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * How each browser words a dynamic import that failed (Chromium, Firefox,
 * Safari), and Vite's own error for a route's stylesheet that did not load.
 */
const CHUNK_LOAD_FAILURE =
  /dynamically imported module|Importing a module script failed|Unable to preload CSS/i;

export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && CHUNK_LOAD_FAILURE.test(error.message);
}
