import { lazy } from 'react';
import { ViewBoundary } from './view-boundary';

// react-hook-form comes with the form: a signed-in sidebar never downloads it.
const SignInForm = lazy(() => import('./sign-in-form').then((m) => ({ default: m.SignInForm })));

/** The sign-in form, its code downloaded when a page first needs it ("Loading…" meanwhile). */
export function LazySignInForm() {
  return (
    <ViewBoundary>
      <SignInForm />
    </ViewBoundary>
  );
}
