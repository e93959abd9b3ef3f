import { act, render } from '@testing-library/react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
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
    const cached = () => client?.getQueryData(['contacts', 'ana-only']);
    act(() => {
      client?.setQueryData(['contacts', 'ana-only'], { secret: 'Ana’s answer' });
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
