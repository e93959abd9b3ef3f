/** Helpers for tests that stub `fetch` with vi.stubGlobal. */

/** A JSON answer as the gateway sends it. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The URL and headers a stubbed fetch was called with. */
export function describeRequest(input: RequestInfo | URL, init?: RequestInit) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return { url, headers: new Headers(init?.headers) };
}
