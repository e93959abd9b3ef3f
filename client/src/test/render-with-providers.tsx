import type { ReactElement } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import type { HostActions, MissiveHost } from '@/host/host';
import { HostProvider } from '@/host/host-context';
import { createNoneHost } from '@/host/none-host';
import { createQueryClient, queryConfig } from '@/lib/react-query';

/**
 * Mounts one feature component the way the sidebar does: a fresh query cache
 * (no retries, so an error answer shows at once) and a host, by default the
 * standalone one without composer actions.
 */
export function renderWithProviders(ui: ReactElement, { host }: { host?: MissiveHost } = {}) {
  const queryClient = createQueryClient({
    ...queryConfig,
    queries: { ...queryConfig.queries, retry: false },
  });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <HostProvider host={host ?? createNoneHost(['conversation-1'])}>{ui}</HostProvider>
    </QueryClientProvider>,
  );
  return { ...result, queryClient };
}

/** A host inside Missive: composer actions exist, each a spy. */
export function createHostWithActions(): MissiveHost & { actions: HostActions } {
  const actions: HostActions = {
    insertText: vi.fn(),
    insertHtml: vi.fn(),
    reply: vi.fn(),
    addLabels: vi.fn(),
    removeLabels: vi.fn(),
    comment: vi.fn(),
  };
  return { ...createNoneHost(['conversation-1']), kind: 'missive', actions };
}
