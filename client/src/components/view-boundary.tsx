import { Suspense, type ReactNode } from 'react';
import { ErrorBoundary } from './error-boundary';
import { LoadingStatus } from './loading-status';

/**
 * Around a view whose code is loaded lazily: "Loading…" while it downloads,
 * and, when the download fails or the view throws, the error with Reload in
 * its place, so the rest of the page stays usable.
 */
export function ViewBoundary({
  children,
  onReload,
}: {
  children: ReactNode;
  onReload?: () => void;
}) {
  return (
    <ErrorBoundary onReload={onReload}>
      <Suspense fallback={<LoadingStatus />}>{children}</Suspense>
    </ErrorBoundary>
  );
}
