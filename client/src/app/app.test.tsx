import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '@/stores/session';
import { App, isSidebarPath } from './app';

describe('isSidebarPath', () => {
  it('is the sidebar’s own address, with or without a trailing slash', () => {
    expect(isSidebarPath('/sidebar')).toBe(true);
    expect(isSidebarPath('/sidebar/')).toBe(true);
    expect(isSidebarPath('/')).toBe(false);
    expect(isSidebarPath('/playground')).toBe(false);
    expect(isSidebarPath('/sidebar/more')).toBe(false);
    expect(isSidebarPath('/sidebars')).toBe(false);
  });
});

describe('App', () => {
  it('starts the sidebar without the router, saying it is loading until its code is here', async () => {
    useSessionStore.getState().clearSession();
    // Signed out: the sidebar asks for nothing but the server's version.
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>(() => undefined)),
    );
    render(<App pathname="/sidebar" />);
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(await screen.findByRole('main', { name: 'CRM sidebar' })).toBeInTheDocument();
    expect(await screen.findByLabelText('Access key')).toBeInTheDocument();
  });
});
