import { QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { getHealthQueryOptions } from '@/lib/health';
import { createQueryClient } from '@/lib/react-query';
import { jsonResponse } from '@/test/http';
import { NewVersionBanner } from './new-version-banner';

const health = (version: string) => ({
  status: 'ok',
  mode: 'demo',
  version,
  upstream: { reachable: true },
});

describe('NewVersionBanner', () => {
  it('stays quiet while the server reports the version the page loaded with, then offers a reload', async () => {
    let version = '1.0.0';
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse(health(version)))),
    );
    const queryClient = createQueryClient();
    const onReload = vi.fn();
    render(
      <QueryClientProvider client={queryClient}>
        <NewVersionBanner onReload={onReload} />
      </QueryClientProvider>,
    );
    await vi.waitFor(() => {
      expect(queryClient.getQueryData(getHealthQueryOptions().queryKey)).toMatchObject({
        version: '1.0.0',
      });
    });
    expect(screen.queryByRole('status')).toBeNull();

    version = '1.1.0';
    await act(() => queryClient.refetchQueries({ queryKey: getHealthQueryOptions().queryKey }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'A new version (1.1.0) is available.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalledOnce();
  });
});
