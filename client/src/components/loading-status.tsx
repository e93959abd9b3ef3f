import './route-states.css';

/** Shown while a view's code downloads: a page on its first load, a panel opened later. */
export function LoadingStatus() {
  return (
    <p role="status" className="loading-status">
      Loading…
    </p>
  );
}
