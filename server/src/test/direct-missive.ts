import { expect } from 'vitest';

/**
 * Missive's own API called directly with the token, past the gateway: what a
 * person does in Missive's app or another integration does, which the
 * gateway only learns of through webhooks or its sync.
 */
export function directMissive(baseUrl: string, token: string) {
  return async (path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    expect(response.status, `${init.method ?? 'GET'} ${path}: ${text}`).toBeLessThan(300);
    const json: unknown = JSON.parse(text);
    return json;
  };
}
