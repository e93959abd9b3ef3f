import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectHost } from '@/host/detect-host';
import { createNoneHost } from '@/host/none-host';
import { HOST_SESSION_KEY, parseSession, useSessionStore } from '@/stores/session';
import { signInAs } from '@/test/session';
import { useHostBoot } from './use-host-boot';

vi.mock('@/host/detect-host', () => ({ detectHost: vi.fn() }));

/** A host whose per-user store the test can read, as Missive keeps one per user. */
function hostWithStore(stored?: string) {
  const host = createNoneHost();
  if (stored !== undefined) void host.storeSet(HOST_SESSION_KEY, stored);
  vi.mocked(detectHost).mockResolvedValue(host);
  return { host, session: async () => parseSession(await host.storeGet(HOST_SESSION_KEY)) };
}

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('useHostBoot', () => {
  it("keeps the session in the host's store and follows it there: renewed, then signed out", async () => {
    signInAs({ name: 'Ana', role: 'agent' }, 'first-token');
    const { session } = hostWithStore();
    const { result } = renderHook(() => useHostBoot());
    await waitFor(() => {
      expect(result.current.status).toBe('ready');
    });
    expect(await session()).toMatchObject({ token: 'first-token' });

    act(() => {
      signInAs({ name: 'Ana', role: 'agent' }, 'renewed-token');
    });
    await waitFor(async () => {
      expect(await session()).toMatchObject({ token: 'renewed-token' });
    });

    act(() => {
      useSessionStore.getState().clearSession('Your session has ended.');
    });
    // An ended session does not come back at the next load.
    await waitFor(async () => {
      expect(await session()).toBeNull();
    });
  });

  it("signs in from the host's store when no key came in the address", async () => {
    const kept = JSON.stringify({
      token: 'kept-token',
      expiresAt: Date.now() + 60_000,
      person: { name: 'Bo', role: 'admin' },
    });
    hostWithStore(kept);
    const { result } = renderHook(() => useHostBoot());
    await waitFor(() => {
      expect(result.current.status).toBe('ready');
    });
    expect(useSessionStore.getState().session).toMatchObject({
      token: 'kept-token',
      person: { name: 'Bo' },
    });
  });
});
