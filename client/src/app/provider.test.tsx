import { act, render } from '@testing-library/react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayKey } from '@/lib/queries';
import { useSessionStore } from '@/stores/session';
import { signInAs } from '@/test/session';
import { AppProvider } from './provider';

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('AppProvider', () => {
  it("starts each person from an empty cache, and keeps it through a renewal of the same person's session", () => {
    signInAs({ name: 'Ana', role: 'agent' }, 'ana-1');
    let client: QueryClient | undefined;
    function Probe() {
      client = useQueryClient();
      return null;
    }
    render(
      <AppProvider>
        <Probe />
      </AppProvider>,
    );
    // Any answer will do; this one is a search only Ana made.
    const key = gatewayKey('searchContacts', { query: { q: 'ana-only' } });
    const cached = () => client?.getQueryData(key);
    act(() => {
      client?.setQueryData(key, { secret: 'Ana’s answer' });
    });

    act(() => {
      signInAs({ name: 'Ana', role: 'agent' }, 'ana-2');
    });
    expect(cached()).toEqual({ secret: 'Ana’s answer' });

    act(() => {
      signInAs({ name: 'Bo', role: 'admin' }, 'bo-1');
    });
    expect(cached()).toBeUndefined();
  });
});
