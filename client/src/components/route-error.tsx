import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorNotice, reloadFrame } from './error-notice';

/**
 * Each routed page's error boundary (React Router's `ErrorBoundary`): the
 * route's code failed to download or the route threw while rendering.
 * Shown in the route's place, under the dashboard's header and navigation,
 * and cleared by going to another page.
 */
export function RouteError({ onReload = reloadFrame }: { onReload?: () => void }) {
  const error = useRouteError();
  // The router's own answers (no such route) carry a status, not a message.
  const shown = isRouteErrorResponse(error)
    ? new Error(`${error.status} ${error.statusText}`.trim())
    : error;
  return <ErrorNotice error={shown} onReload={onReload} />;
}
