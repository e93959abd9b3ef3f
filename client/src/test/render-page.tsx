import type { ReactElement } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { HostProvider } from '@/host/host-context';
import { createNoneHost } from '@/host/none-host';
import { createQueryClient, queryConfig } from '@/lib/react-query';
import { UrlRouterProvider } from '@/lib/search-params';

/**
 * Mounts one dashboard page at `url` in a memory router, the way the
 * dashboard does: a fresh query cache (no retries) and the none host.
 * `search()` reads the URL the page left behind, so a test can check that
 * filters are written back; links elsewhere land on a stub route.
 */
export function renderPage(element: ReactElement, url: string) {
  const path = new URL(url, 'http://dashboard.test').pathname;
  const router = createMemoryRouter(
    [
      { path, element },
      { path: '*', element: <p>Another page</p> },
    ],
    { initialEntries: [url] },
  );
  const queryClient = createQueryClient({
    ...queryConfig,
    queries: { ...queryConfig.queries, retry: false },
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <HostProvider host={createNoneHost()}>
        <UrlRouterProvider router={router} />
      </HostProvider>
    </QueryClientProvider>,
  );
  const search = () => Object.fromEntries(new URLSearchParams(router.state.location.search));
  return { ...result, router, queryClient, search };
}
