import { Component, type ReactNode } from 'react';
import { ErrorNotice, reloadFrame } from './error-notice';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** What the notice's Reload button does; a full reload of this document unless a test says otherwise. */
  onReload?: () => void;
}

interface ErrorBoundaryState {
  failure: { error: unknown } | null;
}

/**
 * Catches what a view throws while rendering, or a lazy view whose code
 * failed to download, and shows it with a way out (Reload) instead of a
 * blank frame. For the pages that React Router renders, its own route
 * boundary does this (see RouteError); this one guards what starts before
 * the router, or without it (the sidebar).
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failure: null };

  // Wrapped, so that even `throw undefined` counts as a failure.
  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { failure: { error } };
  }

  override render() {
    const { failure } = this.state;
    if (!failure) return this.props.children;
    return <ErrorNotice error={failure.error} onReload={this.props.onReload ?? reloadFrame} />;
  }
}
