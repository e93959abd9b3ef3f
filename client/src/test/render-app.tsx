import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/router';
import { UrlRouterProvider } from '@/lib/search-params';

/** Mounts the real routes and providers at `path`, with a fresh query cache. */
export function renderApp(path = '/') {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return render(
    <AppProvider>
      <UrlRouterProvider router={router} />
    </AppProvider>,
  );
}
