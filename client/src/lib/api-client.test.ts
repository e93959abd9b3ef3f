import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { useSessionStore } from '@/stores/session';
import { signInAs } from '@/test/session';
import { describeRequest, jsonResponse } from '@/test/http';
import { ApiError, apiFetch, callMissive } from './api-client';

function stubFetch(response: () => Response) {
  const fetchMock = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) =>
    Promise.resolve(response()),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function lastRequest(fetchMock: ReturnType<typeof stubFetch>) {
  const call = fetchMock.mock.lastCall;
  if (!call) throw new Error('fetch was not called');
  const [input, init] = call;
  return { ...describeRequest(input, init), init };
}

describe('apiFetch', () => {
  beforeEach(() => {
    useSessionStore.getState().clearSession();
  });

  it('sends the session token as a bearer token and parses the answer with the schema', async () => {
    signInAs(undefined, 'k-123');
    const fetchMock = stubFetch(() => jsonResponse({ value: 42, extra: true }));

    const result = await apiFetch('/api/thing', z.object({ value: z.number() }), {
      query: { a: 'b c', skip: undefined, n: 2 },
    });

    expect(result).toEqual({ value: 42 });
    const request = lastRequest(fetchMock);
    expect(request.url).toBe('/api/thing?a=b+c&n=2');
    expect(request.headers.get('Authorization')).toBe('Bearer k-123');
  });

  it('sends no Authorization header when signed out', async () => {
    const fetchMock = stubFetch(() => jsonResponse({}));
    await apiFetch('/api/health', z.object({}));
    expect(lastRequest(fetchMock).headers.has('Authorization')).toBe(false);
  });

  it('turns an error envelope into an ApiError with its status, message and code', async () => {
    stubFetch(() => jsonResponse({ error: { message: 'Slow down', code: 'rate_limited' } }, 429));

    const error = await apiFetch('/api/thing', z.unknown()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, message: 'Slow down', code: 'rate_limited' });
  });

  it('carries Retry-After, in seconds, so a message can say when to try again', async () => {
    stubFetch(
      () =>
        new Response(
          JSON.stringify({ error: { message: 'Missive is busy', code: 'overloaded' } }),
          {
            status: 503,
            headers: { 'Content-Type': 'application/json', 'Retry-After': '7' },
          },
        ),
    );
    await expect(apiFetch('/api/thing', z.unknown())).rejects.toMatchObject({
      status: 503,
      retryAfter: 7,
    });
  });

  it('describes a failure that carries no envelope by its status', async () => {
    stubFetch(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(apiFetch('/api/thing', z.unknown())).rejects.toMatchObject({
      status: 502,
      message: 'Request failed with status 502 (Bad Gateway)',
    });
  });

  it('refuses an answer that does not match the contract', async () => {
    stubFetch(() => jsonResponse({ value: 'not a number' }));
    await expect(apiFetch('/api/thing', z.object({ value: z.number() }))).rejects.toThrow(
      /Unexpected answer from GET \/api\/thing: value: /,
    );
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('fetch failed'))),
    );
    await expect(apiFetch('/api/thing', z.unknown())).rejects.toMatchObject({ status: 0 });
  });
});

describe('callMissive', () => {
  it('builds the gateway path from the endpoint table and sends the body as JSON', async () => {
    const fetchMock = stubFetch(() => jsonResponse({ conversations: [] }));

    const result = await callMissive('updateConversations', {
      params: { ids: 'c 1,c2' },
      body: { conversations: [{ id: 'c 1', close: true }] },
    });

    expect(result).toEqual({ conversations: [] });
    const request = lastRequest(fetchMock);
    expect(request.url).toBe('/api/missive/v1/conversations/c%201,c2');
    expect(request.init?.method).toBe('PATCH');
    expect(request.headers.get('Content-Type')).toBe('application/json');
    expect(request.init?.body).toBe(
      JSON.stringify({ conversations: [{ id: 'c 1', close: true }] }),
    );
  });

  it('sends the query of a read and validates the answer with the response schema', async () => {
    const fetchMock = stubFetch(() => jsonResponse({ organizations: [{ id: 'o1' }] }));

    await expect(callMissive('listOrganizations', { query: { limit: '5' } })).rejects.toThrow(
      /organizations\[0\]\.name/,
    );
    expect(lastRequest(fetchMock).url).toBe('/api/missive/v1/organizations?limit=5');
  });

  it('answers null for an endpoint without a response body', async () => {
    stubFetch(() => new Response(null, { status: 204 }));
    await expect(callMissive('deleteHook', { params: { id: 'h1' } })).resolves.toBeNull();
  });
});
