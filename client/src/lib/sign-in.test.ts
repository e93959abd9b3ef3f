import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionStore } from '@/stores/session';
import { describeRequest, jsonResponse } from '@/test/http';
import { signInAs } from '@/test/session';
import { signIn, useSessionRenewal } from './sign-in';

const person = { name: 'Ana', role: 'agent' } as const;

function stubFetch(answer: (url: string, authorization: string | null) => Response) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const { url, headers } = describeRequest(input, init);
    return Promise.resolve(answer(url, headers.get('Authorization')));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

beforeEach(() => {
  useSessionStore.getState().clearSession();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('signIn', () => {
  it('sends no session with the key, so a refused key leaves the session in use alone', async () => {
    signInAs(person, 'current-token');
    const fetchMock = stubFetch(() =>
      jsonResponse({ error: { message: 'not valid', code: 'unauthorized' } }, 401),
    );
    expect(await signIn('a-wrong-key')).toBeNull();
    const [input, init] = fetchMock.mock.calls[0] ?? [];
    if (!input) throw new Error('no request was sent');
    expect(describeRequest(input, init).headers.has('Authorization')).toBe(false);
    expect(useSessionStore.getState().session).toBeNull();
    expect(useSessionStore.getState().notice).toMatch(/That access key was refused/);
  });
});

describe('useSessionRenewal', () => {
  it('trades the session for a fresh one shortly before it runs out', async () => {
    vi.useFakeTimers({
      now: Date.UTC(2026, 11, 4, 9),
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
    });
    const expiresAt = Date.now() + 60 * 60_000;
    useSessionStore.getState().setSession({ token: 'old-token', expiresAt, person });
    const renewed = { token: 'new-token', expiresAt: expiresAt + 60 * 60_000, person };
    const fetchMock = stubFetch((url, authorization) =>
      url === '/api/session/renew' && authorization === 'Bearer old-token'
        ? jsonResponse(renewed, 201)
        : jsonResponse({ error: { message: `unexpected ${url}` } }, 500),
    );
    renderHook(() => {
      useSessionRenewal();
    });

    // Not yet: 54 minutes into an hour's session.
    await act(() => vi.advanceTimersByTimeAsync(54 * 60_000));
    expect(fetchMock).not.toHaveBeenCalled();
    // Five minutes before the end.
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(useSessionStore.getState().session).toEqual(renewed);
  });
});
