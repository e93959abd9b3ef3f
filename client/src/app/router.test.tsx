import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter, Link, Outlet, type RouteObject } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LoadingStatus } from '@/components/loading-status';
import { RouteError } from '@/components/route-error';
import { UrlRouterProvider } from '@/lib/search-params';
import { routes } from './router';

beforeEach(() => {
  // React and React Router report each error a route boundary catches.
  vi.mocked(console.error).mockImplementation(() => undefined);
});

/** Every route object in the tree, depth first. */
function allRoutes(tree: readonly RouteObject[]): RouteObject[] {
  return tree.flatMap((route) => [route, ...allRoutes(route.children ?? [])]);
}

describe('the routes', () => {
  it('give every route a boundary, and load every page but the tiny not-found lazily', () => {
    const all = allRoutes(routes);
    expect(all.length).toBeGreaterThan(10);
    for (const route of all) {
      expect(route.ErrorBoundary, `${route.path ?? 'index'} has an error boundary`).toBe(
        RouteError,
      );
    }
    const eager = all.filter((route) => !route.lazy).map((route) => route.path);
    expect(eager).toEqual(['*']);
    for (const route of all.filter((route) => route.lazy)) {
      expect(route.HydrateFallback, `${route.path ?? 'index'} says it is loading`).toBe(
        LoadingStatus,
      );
    }
  });
});

describe('a route that cannot render', () => {
  /** A layout with a nav, a page that throws, a page that does not, and one whose code 404s. */
  function mount(reload: () => void, path: string) {
    const ErrorBoundary = () => <RouteError onReload={reload} />;
    const router = createMemoryRouter(
      [
        {
          path: '/',
          element: (
            <>
              <nav aria-label="Views">
                <Link to="/broken">Broken</Link> <Link to="/fine">Fine</Link>{' '}
                <Link to="/gone">Gone</Link>
              </nav>
              <Outlet />
            </>
          ),
          ErrorBoundary,
          children: [
            {
              path: 'broken',
              Component: () => {
                throw new Error('The task list is not a list');
              },
              ErrorBoundary,
            },
            { path: 'fine', element: <h1>A fine page</h1>, ErrorBoundary },
            {
              path: 'gone',
              lazy: () =>
                Promise.reject(
                  new TypeError(
                    'Failed to fetch dynamically imported module: https://crm.example/assets/gone-Old1.js',
                  ),
                ),
              HydrateFallback: LoadingStatus,
              ErrorBoundary,
            },
          ],
        },
      ],
      { initialEntries: [path] },
    );
    render(<UrlRouterProvider router={router} />);
  }

  it('shows the error in its place under the navigation, with Reload; another page clears it', async () => {
    const reload = vi.fn();
    mount(reload, '/broken');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong in this view');
    expect(alert).toHaveTextContent('The task list is not a list');
    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledOnce();

    const nav = screen.getByRole('navigation', { name: 'Views' });
    await userEvent.click(within(nav).getByRole('link', { name: 'Fine' }));
    expect(await screen.findByRole('heading', { name: 'A fine page' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('catches a page whose code failed to download, and says a reload fetches the new version', async () => {
    const reload = vi.fn();
    mount(reload, '/fine');
    await screen.findByRole('heading', { name: 'A fine page' });
    await userEvent.click(screen.getByRole('link', { name: 'Gone' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Something went wrong in this view');
    expect(alert).toHaveTextContent('Failed to fetch dynamically imported module');
    expect(alert).toHaveTextContent('A newer version may have been installed');
    // Still under the navigation: the rest of the app is usable.
    expect(screen.getByRole('navigation', { name: 'Views' })).toBeInTheDocument();
    await userEvent.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledOnce();
  });
});
