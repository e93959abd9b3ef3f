import type { HttpMethod } from '@crm/shared/missive/endpoints';

/**
 * The MCP server is a client of the gateway's own API, as the sidebar is:
 * every tool call goes through the same door (the allowlist, the person's
 * role, validation, the mirror, the one rate budget, the audit log) and can
 * bypass none of it. Its calls ask for the automation lane, so that AI
 * agents spend only their share (AGENT_BUDGET_SHARE) and wait behind people.
 */

export interface GatewayReply {
  status: number;
  /** The parsed JSON answer; null for an empty one. */
  body: unknown;
  headers: Headers;
}

export interface GatewayApi {
  request: (
    method: HttpMethod,
    path: string,
    options?: {
      query?: Readonly<Record<string, string>>;
      body?: unknown;
      /** The tool call's: a cancelled call leaves the gateway's queue instead of spending the budget. */
      signal?: AbortSignal;
    },
  ) => Promise<GatewayReply>;
}

export interface GatewayApiOptions {
  /** e.g. http://127.0.0.1:3000, or https://crm.example.com/gateway behind a proxy. */
  origin: string;
  /** A person's access key or session token: who the agent is in the audit log. */
  credential: string;
  /**
   * Longer than anything the gateway itself waits: an agent's call may queue
   * three times the interactive deadline, then wait for Missive (20 s).
   */
  timeoutMs?: number;
}

export class GatewayUnreachable extends Error {}

export function gatewayApi({
  origin,
  credential,
  timeoutMs = 90_000,
}: GatewayApiOptions): GatewayApi {
  return {
    request: async (method, path, { query, body, signal } = {}) => {
      // Joined, not resolved: a gateway served under a path prefix keeps it.
      const url = new URL(`${origin.replace(/\/$/, '')}${path}`);
      for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${credential}`,
            'X-Priority': 'automation',
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: signal
            ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
            : AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new GatewayUnreachable(`the gateway at ${origin} did not answer: ${reason}`);
      }
      const text = await response.text();
      let parsed: unknown = null;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = { error: { message: text.slice(0, 500) } };
        }
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}
