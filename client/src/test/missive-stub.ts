import { vi } from 'vitest';
import { describeRequest } from './http';

/** A call the client made to the gateway's Missive routes, decoded. */
export interface MissiveRequest {
  method: string;
  /** The Missive path without `/api/missive/v1` (or the window's prefix) and without the query. */
  path: string;
  /**
   * Read as Missive's own window (`/api/playground/missive/v1`, and its
   * `fetchConversations`), off the token's budget.
   */
  window: boolean;
  query: URLSearchParams;
  /** The parsed JSON body, undefined when none was sent. */
  body: unknown;
}

const WINDOW_PREFIX = '/api/playground/missive/v1';
/** The window's `fetchConversations`: a POST, but a read. */
const WINDOW_FETCH = '/api/playground/conversations';

/**
 * Stubs fetch with one handler that answers by method and Missive path, and
 * records every call so a test can assert the exact bodies written.
 */
export function stubMissive(answer: (request: MissiveRequest) => Response | Promise<Response>) {
  const requests: MissiveRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(describeRequest(input, init).url, 'http://sidebar.test');
      const text = typeof init?.body === 'string' ? init.body : undefined;
      const window = url.pathname.startsWith(WINDOW_PREFIX) || url.pathname === WINDOW_FETCH;
      const request: MissiveRequest = {
        method: init?.method ?? 'GET',
        path: url.pathname.replace(window ? WINDOW_PREFIX : /^\/api\/missive\/v1/, ''),
        window,
        query: url.searchParams,
        body: text === undefined ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(request);
      return Promise.resolve(answer(request));
    }),
  );
  /** The writes (anything but GET, and not the window's reads), in order. */
  const writes = () => requests.filter((request) => request.method !== 'GET' && !request.window);
  return { requests, writes };
}
