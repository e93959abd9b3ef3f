import { act, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { SearchParamLink } from '@/components/search-param-link';
import { UrlRouterProvider, useSearchParamChanges } from './search-params';

type Change = ReturnType<typeof useSearchParamChanges>[1];

/**
 * A page whose first render's writer is kept, as a debounced callback or a
 * list row rendered earlier keeps it, and a link rendered for `?a=1`.
 */
function mount() {
  const kept: { change?: Change } = {};
  function Page() {
    const [params, change] = useSearchParamChanges();
    kept.change ??= change;
    return (
      <>
        <p>search: {params.toString()}</p>
        <SearchParamLink base="a=1" changes={{ open: '5' }}>
          Open five
        </SearchParamLink>
      </>
    );
  }
  const router = createMemoryRouter(
    [
      { path: '/page', element: <Page /> },
      { path: '/other', element: <p>Another page</p> },
    ],
    { initialEntries: ['/page?a=1'] },
  );
  render(<UrlRouterProvider router={router} />);
  const change = (...args: Parameters<Change>) => {
    if (!kept.change) throw new Error('the page did not render');
    kept.change(...args);
  };
  const search = () => Object.fromEntries(new URLSearchParams(router.state.location.search));
  return { router, change, search };
}

describe('useSearchParamChanges', () => {
  it('writes on top of the URL as it is now, not as its render saw it', async () => {
    const { router, change, search } = mount();
    await act(() => router.navigate('/page?a=1&contact=c-1'));

    act(() => {
      change({ q: 'Hopper' }, { replace: true });
    });
    expect(search()).toEqual({ a: '1', contact: 'c-1', q: 'Hopper' });
    expect(screen.getByText('search: a=1&contact=c-1&q=Hopper')).toBeInTheDocument();

    // A function of the current params sees the same URL; '' and null remove.
    act(() => {
      change((current) => new URLSearchParams([...current, ['b', '2']]));
    });
    act(() => {
      change({ a: null, contact: '' });
    });
    expect(search()).toEqual({ q: 'Hopper', b: '2' });
  });

  it('replaces the history entry only when asked', async () => {
    const { router, change, search } = mount();
    act(() => {
      change({ q: 'one' }, { replace: true });
    });
    act(() => {
      change({ contact: 'c-1' });
    });
    await act(() => router.navigate(-1));
    expect(search()).toEqual({ a: '1', q: 'one' });
  });

  it('drops a late write from a page that is no longer shown', async () => {
    const { router, change } = mount();
    await act(() => router.navigate('/other?x=1'));
    act(() => {
      change({ q: 'late' });
    });
    expect(router.state.location.pathname).toBe('/other');
    expect(router.state.location.search).toBe('?x=1');
  });
});

describe('SearchParamLink', () => {
  it('shows the address it was rendered for, and a click keeps what changed since', async () => {
    const { router, search } = mount();
    const link = screen.getByRole('link', { name: 'Open five' });
    expect(link).toHaveAttribute('href', '/page?a=1&open=5');

    await act(() => router.navigate('/page?a=1&q=Love'));
    await userEvent.click(link);
    expect(search()).toEqual({ a: '1', q: 'Love', open: '5' });
  });

  it('leaves a modified click to the browser', async () => {
    const { search } = mount();
    const user = userEvent.setup();
    await user.keyboard('{Control>}');
    await user.click(screen.getByRole('link', { name: 'Open five' }));
    expect(search()).toEqual({ a: '1' });
  });
});
